package io.varanus.models.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void thresholdLeavesTheTargetShareOfNormalScoresAbove() {
    SplittableRandom rnd = new SplittableRandom(1);
    double[] scores = new double[100_000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = -Math.log(1 - rnd.nextDouble()); // exponential scores
    }
    for (double fpr : new double[] {0.01, 0.001}) {
      Calibration c = Calibration.fit(scores, fpr);
      long above = java.util.Arrays.stream(scores).filter(c::isAnomalous).count();
      assertThat(above / (double) scores.length).isCloseTo(fpr, within(fpr * 0.05));
      assertThat(c.threshold()).isCloseTo(-Math.log(fpr), within(0.1));
    }
  }

  /**
   * Over many small calibration sets, a new normal score exceeds the threshold with probability at
   * most the target on average: exponential scores, so that probability is exp(-threshold).
   */
  @Test
  void fewScoresStillHoldTheTargetOnAverage() {
    SplittableRandom rnd = new SplittableRandom(3);
    int trials = 4000;
    double empirical = 0;
    double conformal = 0;
    for (int t = 0; t < trials; t++) {
      double[] scores = new double[300];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = -Math.log(1 - rnd.nextDouble());
      }
      conformal += Math.exp(-Calibration.fit(scores, 0.01).threshold());
      double[] sorted = scores.clone();
      java.util.Arrays.sort(sorted);
      empirical += Math.exp(-Calibration.quantile(sorted, 0.99));
    }
    // rank ceil(301 * 0.99) = 298 of 300: expected exceedance 3 / 301
    assertThat(conformal / trials).isCloseTo(3.0 / 301, within(0.0006));
    // the plain empirical quantile lets through a third more than the target here
    assertThat(empirical / trials).isGreaterThan(0.0125);
  }

  /**
   * Too few scores for the target's rank: the threshold extrapolates the tail beyond the largest.
   */
  @Test
  void tooFewScoresExtrapolateTheTail() {
    SplittableRandom rnd = new SplittableRandom(4);
    int trials = 4000;
    double exceedance = 0;
    for (int t = 0; t < trials; t++) {
      double[] scores = new double[190];
      double max = 0;
      for (int i = 0; i < scores.length; i++) {
        scores[i] = 10 - Math.log(1 - rnd.nextDouble());
        max = Math.max(max, scores[i]);
      }
      double threshold = Calibration.fit(scores, 0.001).threshold();
      assertThat(threshold).isGreaterThanOrEqualTo(max);
      exceedance += Math.exp(-(threshold - 10));
    }
    // the largest of 190 lets through 1/191 = 0.0052 on average; the target is 0.001
    assertThat(exceedance / trials).isBetween(0.0005, 0.002);
  }

  @Test
  void gradeIsTheEmpiricalPercentileAndMonotone() {
    double[] scores = new double[101];
    for (int i = 0; i <= 100; i++) {
      scores[i] = i;
    }
    Calibration c = Calibration.fit(scores, 0.05);
    assertThat(c.grade(-5)).isEqualTo(0);
    assertThat(c.grade(50)).isCloseTo(50, within(1e-9));
    assertThat(c.grade(50.5)).isCloseTo(50.5, within(1e-9));
    assertThat(c.grade(1e9)).isEqualTo(100);
    double last = -1;
    for (double s = -1; s < 102; s += 0.37) {
      double g = c.grade(s);
      assertThat(g).isBetween(0.0, 100.0).isGreaterThanOrEqualTo(last);
      last = g;
    }
  }

  @Test
  void keepsAtMostTheConfiguredNumberOfPoints() {
    double[] scores = new SplittableRandom(2).doubles(200_000).toArray();
    Calibration c = Calibration.fit(scores, 0.01);
    assertThat(c.quantiles()).hasSize(Calibration.MAX_POINTS);
    assertThat(c.sampleSize()).isEqualTo(200_000);
    assertThat(c.grade(0.5)).isCloseTo(50, within(0.5));
  }

  @Test
  void rejectsUnusableInput() {
    assertThatThrownBy(() -> Calibration.fit(new double[] {1}, 0.01))
        .hasMessageContaining("need at least 2");
    assertThatThrownBy(() -> Calibration.fit(new double[] {1, Double.NaN}, 0.01))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> Calibration.fit(new double[] {1, 2}, 0))
        .hasMessageContaining("must be in (0, 1)");
  }
}
