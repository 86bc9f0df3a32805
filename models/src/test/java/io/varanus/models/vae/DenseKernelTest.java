package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense layer's three paths (register-tiled vectors, the scalar streaming loop, one item at a
 * time) give the same floats bit for bit, and match a plain double-precision reference.
 */
class DenseKernelTest {

  @ParameterizedTest(name = "{0} -> {1}, {2} items")
  @CsvSource({
    "40, 64, 64",
    "64, 40, 640",
    "8, 64, 641",
    "64, 8, 37",
    "3, 5, 100",
    "5, 3, 33",
    "64, 40, 5",
    "64, 69, 16",
    "8, 64, 17",
    "64, 40, 24",
    "40, 64, 31"
  })
  void everyPathGivesTheSameFloats(int in, int out, int items) {
    assertThat(DenseKernel.VECTOR)
        .as("tests run with --add-modules jdk.incubator.vector (pom.xml argLine)")
        .isTrue();
    Random rnd = new Random(31L * in + out);
    DenseLayer layer = new DenseLayer(in, out, gaussian(rnd, in * out, 0.3), gaussian(rnd, out, 1));
    float[][] src = new float[in][];
    for (int k = 0; k < in; k++) {
      src[k] = gaussian(rnd, items, 1.5);
    }
    for (boolean tanh : new boolean[] {false, true}) {
      float[][] vector = run(layer, src, items, tanh, true);
      float[][] scalar = run(layer, src, items, tanh, false);
      float[] scratch = new float[out];
      for (int j = 0; j < out; j++) {
        assertThat(vector[j]).as("output %d, tanh %s", j, tanh).containsExactly(scalar[j]);
      }
      for (int i = 0; i < items; i++) {
        float[][] one = new float[in][1];
        for (int k = 0; k < in; k++) {
          one[k][0] = src[k][i];
        }
        float[][] dst = new float[out][1];
        DenseKernel.forward(layer, one, dst, 1, tanh, scratch, true);
        for (int j = 0; j < out; j++) {
          assertThat(dst[j][0]).as("item %d output %d", i, j).isEqualTo(vector[j][i]);
          double expected = reference(layer, src, i, j, tanh);
          assertThat((double) vector[j][i])
              .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * in));
        }
      }
    }
  }

  private static float[][] run(
      DenseLayer layer, float[][] src, int items, boolean tanh, boolean vector) {
    float[][] dst = new float[layer.out()][items];
    DenseKernel.forward(layer, src, dst, items, tanh, new float[layer.out()], vector);
    return dst;
  }

  private static double reference(DenseLayer layer, float[][] src, int i, int j, boolean tanh) {
    double sum = layer.b()[j];
    float[] w = layer.w();
    for (int k = 0; k < layer.in(); k++) {
      sum += (double) w[k * layer.out() + j] * src[k][i];
    }
    return tanh ? Math.tanh(sum) : sum;
  }

  private static float[] gaussian(Random rnd, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextGaussian() * scale);
    }
    return v;
  }
}
