package io.varanus.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

  @Test
  void averagePathLengthMatchesThePaper() {
    assertThat(IsolationForest.averagePathLength(0)).isZero();
    assertThat(IsolationForest.averagePathLength(1)).isZero();
    assertThat(IsolationForest.averagePathLength(2)).isEqualTo(1.0);
    // 2 H(255) - 2 * 255 / 256 with H(i) ~ ln(i) + Euler's constant
    assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.2448, within(1e-4));
  }

  @Test
  void anObviousOutlierScoresHigherThanInliers() {
    float[][] train = gaussian(1000, 4, new SplittableRandom(1));
    float[][] inliers = gaussian(200, 4, new SplittableRandom(2));
    IsolationForest forest = IsolationForest.fit(train, 42);

    double outlier = forest.score(new float[] {8, -8, 8, -8});
    double[] in = Arrays.stream(inliers).mapToDouble(forest::score).toArray();

    assertThat(outlier).isGreaterThan(Arrays.stream(in).max().orElseThrow());
    assertThat(outlier).isGreaterThan(0.65);
    assertThat(Arrays.stream(in).average().orElseThrow()).isLessThan(0.5);
    for (double s : in) {
      assertThat(s).isBetween(0.0, 1.0);
    }
  }

  @Test
  void sameSeedSameScores() {
    float[][] train = gaussian(500, 3, new SplittableRandom(3));
    float[] x = {0.5f, 2f, -1f};

    assertThat(IsolationForest.fit(train, 9).score(x))
        .isEqualTo(IsolationForest.fit(train, 9).score(x));
  }

  @Test
  void constantColumnsAndTinySamplesDoNotBreakIt() {
    float[][] constant = new float[50][3];
    for (float[] r : constant) {
      r[1] = 1;
    }
    IsolationForest forest = IsolationForest.fit(constant, 10, 256, 1);

    assertThat(forest.score(new float[] {0, 1, 0})).isBetween(0.0, 1.0);
    assertThat(IsolationForest.fit(new float[][] {{0}, {1}}, 1).score(new float[] {5}))
        .isBetween(0.0, 1.0);
    assertThatThrownBy(() -> IsolationForest.fit(new float[][] {{0}}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 rows");
  }

  private static float[][] gaussian(int n, int width, SplittableRandom rng) {
    float[][] rows = new float[n][width];
    for (float[] r : rows) {
      for (int j = 0; j < width; j++) {
        // Box-Muller
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        r[j] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
      }
    }
    return rows;
  }
}
