package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SurpriseBoundTest {

  private final SurpriseBound bound = new SurpriseBound(8);

  @Test
  void countsFullyUpToTheKneeThenLogarithmically() {
    assertThat(bound.apply(0)).isZero();
    assertThat(bound.apply(3.5)).isEqualTo(3.5);
    assertThat(bound.apply(8)).isEqualTo(8);
    // same slope on both sides of the knee
    assertThat((bound.apply(8 + 1e-6) - bound.apply(8)) / 1e-6).isCloseTo(1, within(1e-5));
    // a residual of 2,000 predicted standard deviations: q = 2e6
    assertThat(bound.apply(2e6)).isCloseTo(8 + Math.log1p(2e6 - 8), within(1e-9)).isLessThan(23);
  }

  @Test
  void isIncreasingSoTheRankingOfOneFeatureIsKept() {
    double previous = -1;
    for (double q = 0; q < 1e9; q = q * 1.7 + 0.1) {
      assertThat(bound.apply(q)).isGreaterThan(previous);
      previous = bound.apply(q);
    }
  }

  @Test
  void noneLeavesTheGaussianSurprise() {
    assertThat(SurpriseBound.NONE.bounded()).isFalse();
    assertThat(SurpriseBound.NONE.apply(2e6)).isEqualTo(2e6);
  }

  @Test
  void rejectsAKneeThatIsNotPositive() {
    assertThatThrownBy(() -> new SurpriseBound(0)).hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> new SurpriseBound(Double.NaN)).hasMessageContaining("must be > 0");
  }

  @Test
  void scorerCarriesTheBoundIntoScoreAndExplanation() {
    InputLayout layout = Fixtures.tinyLayout();
    VaeConfig config = Fixtures.tinyConfig();
    VaeModel plain = new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 3), null);
    VaeModel bounded = plain.withBound(bound);
    float[][] rows = Fixtures.tinyRows(20, 9);
    rows[0][0] = 900; // far outside anything a standardized feature takes in training
    Score[] a = plain.scorer().score(rows);
    Score[] b = bounded.scorer().score(rows);
    for (int r = 0; r < rows.length; r++) {
      assertThat(b[r].kl()).isEqualTo(a[r].kl());
      assertThat(b[r].value()).isLessThanOrEqualTo(a[r].value());
      assertThat(b[r].value()).isCloseTo(b[r].reconstruction() + b[r].kl(), within(1e-9));
      double[] nll = b[r].blockNll();
      double sum = 0;
      for (double v : nll) {
        sum += v;
      }
      assertThat(sum).isCloseTo(b[r].reconstruction(), within(1e-6));
      for (int i = 0; i < layout.blocks().size(); i++) {
        if (layout.blocks().get(i) instanceof InputLayout.Continuous) {
          assertThat(b[r].blockSurprise()[i])
              .isCloseTo(bound.apply(a[r].blockSurprise()[i]), within(1e-9));
        }
      }
    }
    assertThat(a[0].blockSurprise()[0]).isGreaterThan(1e4);
    assertThat(b[0].blockSurprise()[0]).isLessThan(8 + Math.log1p(a[0].blockSurprise()[0]));
  }
}
