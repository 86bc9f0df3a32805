package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weight-gradient sums give the same floats with and without the vector module, and match a
 * double-precision reference; item-major copies transpose.
 */
class WeightGradientTest {

  @ParameterizedTest(name = "{0} inputs, {1} outputs, {2} items")
  @CsvSource({
    "79, 64, 256",
    "64, 8, 256",
    "8, 64, 97",
    "3, 5, 8",
    "64, 79, 40",
    "1, 1, 1",
    "5, 37, 3"
  })
  void vectorAndScalarPathsGiveTheSameFloats(int ins, int outs, int items) {
    assertThat(WeightGradient.VECTOR)
        .as("tests run with --add-modules jdk.incubator.vector (pom.xml argLine)")
        .isTrue();
    Random rnd = new Random(17L * ins + outs);
    float[][] src = gaussian(rnd, items, ins);
    float[][] d = gaussian(rnd, items, outs);
    float[] scratch = new float[ins * outs];
    float[] gwVector = new float[ins * outs];
    float[] gbVector = new float[outs];
    float[] gwScalar = new float[ins * outs];
    float[] gbScalar = new float[outs];
    WeightGradient.compute(src, ins, d, outs, items, gwVector, gbVector, scratch, true);
    WeightGradient.compute(src, ins, d, outs, items, gwScalar, gbScalar, scratch, false);
    assertThat(gwVector).containsExactly(gwScalar);
    assertThat(gbVector).containsExactly(gbScalar);
    for (int k = 0; k < ins; k++) {
      for (int j = 0; j < outs; j++) {
        double sum = 0;
        for (int i = 0; i < items; i++) {
          sum += (double) src[i][k] * d[i][j];
        }
        assertThat((double) gwVector[k * outs + j]).isCloseTo(sum, within(1e-5 * items));
      }
    }
    for (int j = 0; j < outs; j++) {
      double sum = 0;
      for (int i = 0; i < items; i++) {
        sum += d[i][j];
      }
      assertThat((double) gbVector[j]).isCloseTo(sum, within(1e-5 * items));
    }
  }

  private static float[][] gaussian(Random rnd, int items, int features) {
    float[][] v = new float[items][features];
    for (float[] row : v) {
      for (int f = 0; f < features; f++) {
        row[f] = (float) rnd.nextGaussian();
      }
    }
    return v;
  }

  @org.junit.jupiter.api.Test
  void toItemMajorTransposes() {
    float[][] src = gaussian(new Random(1), 37, 70);
    float[][] dst = new float[70][40];
    WeightGradient.toItemMajor(src, 37, 70, dst);
    for (int f = 0; f < 37; f++) {
      for (int i = 0; i < 70; i++) {
        assertThat(dst[i][f]).isEqualTo(src[f][i]);
      }
    }
  }
}
