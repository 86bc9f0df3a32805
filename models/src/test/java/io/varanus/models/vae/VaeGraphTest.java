package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.models.vae.internal.VaeGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VaeGraphTest {

  private final InputLayout layout = Fixtures.tinyLayout();
  private final VaeConfig config = Fixtures.tinyConfig();
  private final VaeWeights weights = Fixtures.randomWeights(layout, config, 11);
  private final float[][] rows = Fixtures.tinyRows(4, 5);
  private final float[][] eps = NoiseTable.standardNormal(4, 2, 99);

  @Test
  void trainingLossEqualsIndependentlyComputedNegativeElbo() {
    VaeGraph graph = VaeGraph.build(layout, config, weights, DataType.DOUBLE);
    double beta = 0.7;
    Map<String, INDArray> out =
        graph.run(
            Nd4j.create(rows), Nd4j.create(eps), beta, VaeGraph.LOSS, VaeGraph.RECON, VaeGraph.KL);

    double expectedLoss = 0;
    for (int r = 0; r < rows.length; r++) {
      double[] recKl = negativeElbo(rows[r], eps[r]);
      assertThat(out.get(VaeGraph.RECON).getDouble(r)).isCloseTo(recKl[0], within(1e-5));
      assertThat(out.get(VaeGraph.KL).getDouble(r)).isCloseTo(recKl[1], within(1e-5));
      expectedLoss += recKl[0] + beta * recKl[1];
    }
    expectedLoss /= rows.length;
    assertThat(out.get(VaeGraph.LOSS).getDouble(0)).isCloseTo(expectedLoss, within(1e-5));
  }

  @Test
  void gradientsWithRespectToEncoderWeightsMatchFiniteDifferences() {
    VaeGraph graph = VaeGraph.build(layout, config, weights, DataType.DOUBLE);
    Map<String, INDArray> ph =
        Map.of(
            VaeGraph.X, Nd4j.create(rows).castTo(DataType.DOUBLE),
            VaeGraph.EPS, Nd4j.create(eps).castTo(DataType.DOUBLE),
            VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, 1.0));
    List<String> params = List.of("enc0_w", "enc0_b", "mu_w", "mu_b", "lv_w", "lv_b");
    Map<String, INDArray> grads = graph.sameDiff().calculateGradients(ph, params);
    double h = 1e-6;
    int checked = 0;
    for (String p : params) {
      INDArray arr = graph.sameDiff().getVariable(p).getArr();
      INDArray g = grads.get(p);
      for (long i = 0; i < arr.length(); i++) {
        double orig = arr.getDouble(i);
        arr.putScalar(i, orig + h);
        double up = loss(graph, ph);
        arr.putScalar(i, orig - h);
        double down = loss(graph, ph);
        arr.putScalar(i, orig);
        double numeric = (up - down) / (2 * h);
        double analytic = g.getDouble(i);
        assertThat(analytic)
            .as("d loss / d %s[%d]", p, i)
            .isCloseTo(numeric, within(1e-6 + 1e-4 * Math.abs(numeric)));
        checked++;
      }
    }
    // The gradient reaches the log-variance head only through sigma = exp(logvar / 2) in z and the
    // KL term: a non-zero gradient there shows it flows through the reparameterization.
    assertThat(grads.get("lv_w").norm2Number().doubleValue()).isGreaterThan(1e-6);
    assertThat(checked).isEqualTo(5 * 3 + 3 + 3 * 2 + 2 + 3 * 2 + 2);
  }

  private static double loss(VaeGraph graph, Map<String, INDArray> ph) {
    return graph.sameDiff().output(ph, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
  }

  /** -log p(x|z) and KL for one row, written out with plain loops and doubles. */
  private double[] negativeElbo(float[] x, float[] e) {
    double[] h = tanh(dense(toDouble(x), weights.encoder().get(0)));
    double[] mu = dense(h, weights.mu());
    double[] lv = dense(h, weights.logVar());
    double kl = 0;
    double[] z = new double[mu.length];
    for (int j = 0; j < mu.length; j++) {
      kl += 0.5 * (Math.exp(lv[j]) + mu[j] * mu[j] - lv[j] - 1);
      z[j] = mu[j] + Math.exp(0.5 * lv[j]) * e[j];
    }
    double[] out = dense(tanh(dense(z, weights.decoder().get(0))), weights.output());
    float[] raw = weights.rawVariance();
    double rec = 0;
    int[] cont = {0, 4};
    for (int k = 0; k < cont.length; k++) {
      double var = config.minVariance() + Math.log(1 + Math.exp(raw[k]));
      double d = x[cont[k]] - out[cont[k]];
      rec += 0.5 * Math.log(2 * Math.PI * var) + d * d / (2 * var);
    }
    double norm = 0;
    for (int j = 1; j <= 3; j++) {
      norm += Math.exp(out[j]);
    }
    for (int j = 1; j <= 3; j++) {
      rec -= x[j] * (out[j] - Math.log(norm));
    }
    return new double[] {rec, kl};
  }

  private static double[] dense(double[] in, DenseLayer l) {
    double[] out = new double[l.out()];
    float[] w = l.w();
    float[] b = l.b();
    for (int j = 0; j < l.out(); j++) {
      double s = b[j];
      for (int k = 0; k < l.in(); k++) {
        s += in[k] * w[k * l.out() + j];
      }
      out[j] = s;
    }
    return out;
  }

  private static double[] tanh(double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = Math.tanh(v[i]);
    }
    return o;
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
