package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The softmax's exponential: close to Math.exp, and the same bits on the vector path. */
class ExpTest {

  @Test
  void isWithinThreeTenMillionthsOfMathExp() {
    double worst = 0;
    for (double x = -87; x <= 0; x += 1e-4) {
      double exact = Math.exp((float) x);
      double rel = Math.abs(Exp.of((float) x) - exact) / exact;
      worst = Math.max(worst, rel);
    }
    assertThat(worst).isLessThan(3e-7);
    assertThat(Exp.of(0f)).isEqualTo(1f);
    assertThat(Exp.of(-1000f)).isEqualTo(Exp.of(-87f)).isPositive();
  }

  @Test
  void vectorPathGivesTheSameFloats() {
    assertThat(DenseKernel.VECTOR)
        .as("tests run with --add-modules jdk.incubator.vector (pom.xml argLine)")
        .isTrue();
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 1000 + VectorDense.LANES / 2;
    float[] src = new float[n];
    float[] max = new float[n];
    for (int i = 0; i < n; i++) {
      src[i] = (float) (rnd.nextDouble() * 160 - 80);
      max[i] = src[i] + (float) (rnd.nextDouble() * 90);
    }
    float[] dst = new float[n];
    float[] total = new float[n];
    java.util.Arrays.fill(total, 0.25f);
    int done = VectorDense.exp(src, max, dst, total, n);
    assertThat(done).isEqualTo(n - n % VectorDense.LANES);
    for (int i = 0; i < done; i++) {
      float e = Exp.of(src[i] - max[i]);
      assertThat(dst[i]).as("item %d", i).isEqualTo(e);
      assertThat(total[i]).as("item %d", i).isEqualTo(0.25f + e);
    }
  }
}
