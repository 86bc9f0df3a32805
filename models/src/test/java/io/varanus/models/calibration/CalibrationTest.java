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
