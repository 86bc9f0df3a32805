package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed-form KL used in training and scoring agrees with a Monte Carlo estimate. */
class KlDivergenceTest {

  @Test
  void closedFormMatchesMonteCarloEstimate() {
    InputLayout layout = Fixtures.tinyLayout();
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(3), 2);
    VaeModel model = new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 21), null);
    float[] row = Fixtures.tinyRows(1, 3)[0];
    double closedForm = model.scorer().score(row).kl();

    // Recompute mu and log-variance, then estimate E_q[log q(z) - log p(z)] by sampling.
    VaeWeights w = model.weights();
    double[] h = new double[3];
    DenseLayer enc = w.encoder().get(0);
    for (int j = 0; j < 3; j++) {
      double s = enc.b()[j];
      for (int k = 0; k < 5; k++) {
        s += row[k] * enc.w()[k * 3 + j];
      }
      h[j] = Math.tanh(s);
    }
    double[] mu = head(h, w.mu());
    double[] lv = head(h, w.logVar());
    int n = 400_000;
    float[][] eps = NoiseTable.standardNormal(n, 2, 5);
    double sum = 0;
    for (float[] e : eps) {
      double logRatio = 0;
      for (int j = 0; j < 2; j++) {
        double sigma = Math.exp(0.5 * lv[j]);
        double z = mu[j] + sigma * e[j];
        double logQ = -0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * e[j] * e[j];
        double logP = -0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
        logRatio += logQ - logP;
      }
      sum += logRatio;
    }
    double monteCarlo = sum / n;
    assertThat(closedForm).isGreaterThan(0.01);
    assertThat(monteCarlo).isCloseTo(closedForm, within(0.01 + 0.01 * closedForm));
  }

  private static double[] head(double[] h, DenseLayer l) {
    double[] out = new double[l.out()];
    for (int j = 0; j < l.out(); j++) {
      double s = l.b()[j];
      for (int k = 0; k < l.in(); k++) {
        s += h[k] * l.w()[k * l.out() + j];
      }
      out[j] = s;
    }
    return out;
  }
}
