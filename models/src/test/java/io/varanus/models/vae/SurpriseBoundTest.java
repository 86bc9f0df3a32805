package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SurpriseBoundTest {

  private final SurpriseBound bound = new SurpriseBound(2, new double[] {0.5, 4, 1e-3}, 10);

  @Test
  void countsFullyUpToTheKneeThenLogarithmically() {
    SurpriseBound b = new SurpriseBound(8, new double[0], 1);
    assertThat(b.compress(0)).isZero();
    assertThat(b.compress(3.5)).isEqualTo(3.5);
    assertThat(b.compress(8)).isEqualTo(8);
    // same slope on both sides of the knee
    assertThat((b.compress(8 + 1e-6) - b.compress(8)) / 1e-6).isCloseTo(1, within(1e-5));
    assertThat(b.compress(2e6)).isCloseTo(8 + Math.log1p(2e6 - 8), within(1e-9)).isLessThan(23);
  }

  @Test
  void dividesEachBlockByItsLevelFirst() {
    assertThat(bound.apply(0, 0.5)).isEqualTo(1);
    assertThat(bound.apply(1, 4)).isEqualTo(1);
    assertThat(bound.apply(1, 2)).isEqualTo(0.5);
    // a feature constant in normal rows: any surprise is many levels, but logarithmically so
    assertThat(bound.apply(2, 2e6)).isCloseTo(2 + Math.log1p(2e9 - 2), within(1e-9));
    assertThat(bound.applyKl(5)).isEqualTo(0.5);
  }

  @Test
  void isIncreasingSoTheRankingOfOneFeatureIsKept() {
    double previous = -1;
    for (double q = 0; q < 1e9; q = q * 1.7 + 0.1) {
      assertThat(bound.apply(1, q)).isGreaterThan(previous);
      previous = bound.apply(1, q);
    }
  }

  @Test
  void levelsAreTheLargestNormalSurpriseFloored() {
    Score a = Score.of(0, 0, 3, 0, new double[] {1, 0, 0}, new double[] {1, 0, 0.5}, new float[3]);
    Score b = Score.of(0, 0, 7, 0, new double[] {2, 0, 0}, new double[] {2, 0, 0.2}, new float[3]);
    SurpriseBound fit = SurpriseBound.fit(2, SurpriseBound.MIN_LEVEL, new Score[] {a, b}, 3);
    assertThat(fit.levels()).containsExactly(2, SurpriseBound.MIN_LEVEL, 0.5);
    assertThat(fit.klLevel()).isEqualTo(7);
    SurpriseBound floored = SurpriseBound.fit(2, 1, new Score[] {a, b}, 3);
    assertThat(floored.levels()).containsExactly(2, 1, 1);
    assertThat(SurpriseBound.fit(2, 10, new Score[] {a, b}, 3).klLevel()).isEqualTo(10);
  }

  @Test
  void theFloorKeepsDecoderNoiseOfAConstantFeatureFromWeighingLikeASignal() {
    // block 0 informative (normal surprises up to 6 nats), block 1 constant in normal rows
    // (the decoder's noise: at most 0.004 nats)
    Score[] normal = new Score[50];
    for (int r = 0; r < normal.length; r++) {
      double[] q = {6.0 * r / (normal.length - 1), 0.004 * ((r * 7) % 10) / 9};
      normal[r] = Score.of(0, 0, 1, 0, q, q, new float[2]);
    }
    SurpriseBound unfloored = SurpriseBound.fit(2, SurpriseBound.MIN_LEVEL, normal, 2);
    SurpriseBound floored = SurpriseBound.fit(2, 1, normal, 2);
    // a later normal row: ordinary on block 0, the constant feature's noise a little above its max
    double ordinary = 3.0;
    double noise = 0.008;
    double before = unfloored.apply(0, ordinary) + unfloored.apply(1, noise);
    double after = floored.apply(0, ordinary) + floored.apply(1, noise);
    assertThat(unfloored.apply(1, noise))
        .as("noise scaled up to a knee's worth")
        .isGreaterThan(1.9);
    assertThat(floored.apply(1, noise)).as("noise left as noise").isLessThan(0.01);
    assertThat(after).isCloseTo(floored.apply(0, ordinary), within(0.01));
    assertThat(before - after).isGreaterThan(1.4);
    // a value the constant feature never took still stands out by many levels
    assertThat(floored.apply(1, 2e5)).isGreaterThan(12);
    assertThatThrownBy(() -> SurpriseBound.fit(2, 0, normal, 2))
        .hasMessageContaining("Invalid level floor 0.0");
  }

  @Test
  void noneLeavesTheGaussianSurprise() {
    assertThat(SurpriseBound.NONE.bounded()).isFalse();
    assertThat(SurpriseBound.NONE.apply(0, 2e6)).isEqualTo(2e6);
  }

  @Test
  void rejectsAKneeOrLevelThatIsNotPositive() {
    assertThatThrownBy(() -> new SurpriseBound(0, new double[0], 1))
        .hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> new SurpriseBound(Double.NaN, new double[0], 1))
        .hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> new SurpriseBound(2, new double[] {0}, 1))
        .hasMessageContaining("level 0.0 of block 0");
  }

  @Test
  void scorerCarriesTheBoundIntoScoreAndExplanation() {
    InputLayout layout = Fixtures.tinyLayout();
    VaeConfig config = Fixtures.tinyConfig();
    VaeModel plain = new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 3), null);
    float[][] rows = Fixtures.tinyRows(20, 9);
    Score[] a = plain.scorer().score(rows);
    VaeModel bounded =
        plain.withBound(SurpriseBound.fit(2, SurpriseBound.MIN_LEVEL, a, layout.blocks().size()));
    float[][] odd = Fixtures.tinyRows(20, 9);
    odd[0][0] = 900; // far outside anything a standardized feature takes in training
    Score[] before = plain.scorer().score(odd);
    Score[] b = bounded.scorer().score(odd);
    SurpriseBound sb = bounded.bound();
    for (int r = 0; r < rows.length; r++) {
      assertThat(b[r].kl()).isCloseTo(sb.applyKl(before[r].kl()), within(1e-9));
      assertThat(b[r].value()).isCloseTo(b[r].reconstruction() + b[r].kl(), within(1e-9));
      double sum = 0;
      for (int i = 0; i < layout.blocks().size(); i++) {
        sum += b[r].blockNll()[i];
        assertThat(b[r].blockSurprise()[i])
            .isCloseTo(sb.apply(i, before[r].blockSurprise()[i]), within(1e-6));
      }
      assertThat(sum).isCloseTo(b[r].reconstruction(), within(1e-6));
    }
    assertThat(before[0].blockSurprise()[0]).isGreaterThan(1e4);
    // at most knee + log(1 + q / MIN_LEVEL): tens of levels, not the 1e4+ nats of the Gaussian
    assertThat(b[0].blockSurprise()[0]).isLessThan(40);
  }

  @Test
  void modelRejectsLevelsThatDoNotMatchItsBlocks() {
    InputLayout layout = Fixtures.tinyLayout();
    VaeConfig config = Fixtures.tinyConfig();
    VaeModel plain = new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 3), null);
    assertThatThrownBy(() -> plain.withBound(new SurpriseBound(2, new double[] {1, 1}, 1)))
        .hasMessageContaining("2 levels; the input layout has 3 blocks");
  }
}
