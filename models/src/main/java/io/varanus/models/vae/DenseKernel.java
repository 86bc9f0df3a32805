package io.varanus.models.vae;

import static java.lang.Math.fma;

/**
 * The scorer's dense layers on feature-major data: one array per feature, holding that feature for
 * every item. Every path computes each output as the same chain of fused multiply-adds {@code acc =
 * fma(w_k, x_k, acc)}, k = 0, 1, ..., from the bias, so a row's result is the same bit for bit
 * whichever path a batch takes and whether or not the JVM has the vector module.
 *
 * <p>Many items stream: through {@link VectorDense} when the JVM has {@code jdk.incubator.vector}
 * (96 GFLOP/s on the benchmark's 64 -> 40 layer), otherwise through the loop below, whose inner
 * loop runs over the items and reads four inputs per pass. With one array per feature C2 vectorizes
 * it (35-43 GFLOP/s), while the same loop over offsets into one flat array stayed scalar (7.6
 * GFLOP/s). A few items go one at a time with the inner loop over the outputs: C2 unrolls (and so
 * vectorizes) a loop only up to the trip count it has profiled, so single rows must not run through
 * the streaming loops, or a JVM that scored single rows first keeps scalar code for every batch
 * (measured 78k instead of 218k rows/s; docs/BENCHMARKS.md). With the vector module, "a few" is
 * fewer than one vector of items (8 or 16): the service scores small screening blocks, and there
 * the one-item path was the largest single cost (docs/BENCHMARKS.md, "Screening").
 */
final class DenseKernel {

  /** Fewest items that take the streaming path without the vector module. */
  static final int STREAM_MIN_ITEMS = 32;

  /**
   * Whether the streaming path uses {@link VectorDense}: the JVM was started with {@code
   * --add-modules jdk.incubator.vector} and the system property {@code varanus.vector} is not
   * {@code false}.
   */
  static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty("varanus.vector"));

  private DenseKernel() {}

  /**
   * {@code dst[j][i] = b[j] + sum_k w[k][j] * src[k][i]} for items {@code i < n}, then tanh when
   * {@code tanh} is set. {@code src} and {@code dst} must be distinct; {@code scratch} holds at
   * least {@code layer.out()} values.
   */
  static void forward(
      DenseLayer layer, float[][] src, float[][] dst, int n, boolean tanh, float[] scratch) {
    forward(layer, src, dst, n, tanh, scratch, VECTOR);
  }

  /** As above, with {@link VectorDense} for the streaming path only when {@code vector} is set. */
  static void forward(
      DenseLayer layer,
      float[][] src,
      float[][] dst,
      int n,
      boolean tanh,
      float[] scratch,
      boolean vector) {
    // with the vector module, one vector of items streams (its loops run over the inputs, so C2's
    // trip-count profile does not matter); without it, the auto-vectorized loop needs 32
    if (n >= (vector ? VectorDense.LANES : STREAM_MIN_ITEMS)) {
      int from = vector ? VectorDense.stream(layer, src, dst, n) : 0;
      if (from < n) {
        stream(layer, src, dst, from, n);
      }
      if (tanh) {
        for (int j = 0; j < layer.out(); j++) {
          int done = vector ? VectorDense.tanh(dst[j], n) : 0;
          Tanh.inPlace(dst[j], done, n);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        oneItem(layer, src, i, scratch, tanh);
        for (int j = 0; j < layer.out(); j++) {
          dst[j][i] = scratch[j];
        }
      }
    }
  }

  private static void stream(DenseLayer layer, float[][] src, float[][] dst, int from, int n) {
    float[] w = layer.weights();
    float[] bias = layer.biases();
    int in = layer.in();
    int outs = layer.out();
    for (int j = 0; j < outs; j++) {
      float[] d = dst[j];
      float bj = bias[j];
      int k = 0;
      if (in >= 4) {
        float w0 = w[j];
        float w1 = w[outs + j];
        float w2 = w[2 * outs + j];
        float w3 = w[3 * outs + j];
        float[] s0 = src[0];
        float[] s1 = src[1];
        float[] s2 = src[2];
        float[] s3 = src[3];
        for (int i = from; i < n; i++) {
          d[i] = fma(w3, s3[i], fma(w2, s2[i], fma(w1, s1[i], fma(w0, s0[i], bj))));
        }
        k = 4;
      } else {
        java.util.Arrays.fill(d, from, n, bj);
      }
      for (; k + 3 < in; k += 4) {
        float w0 = w[k * outs + j];
        float w1 = w[(k + 1) * outs + j];
        float w2 = w[(k + 2) * outs + j];
        float w3 = w[(k + 3) * outs + j];
        float[] s0 = src[k];
        float[] s1 = src[k + 1];
        float[] s2 = src[k + 2];
        float[] s3 = src[k + 3];
        for (int i = from; i < n; i++) {
          d[i] = fma(w3, s3[i], fma(w2, s2[i], fma(w1, s1[i], fma(w0, s0[i], d[i]))));
        }
      }
      for (; k < in; k++) {
        float wk = w[k * outs + j];
        float[] s = src[k];
        for (int i = from; i < n; i++) {
          d[i] = fma(wk, s[i], d[i]);
        }
      }
    }
  }

  /** Item {@code i}'s outputs into {@code acc}, in the same order of operations as stream. */
  private static void oneItem(DenseLayer layer, float[][] src, int i, float[] acc, boolean tanh) {
    float[] w = layer.weights();
    float[] bias = layer.biases();
    int in = layer.in();
    int outs = layer.out();
    int k = 0;
    if (in >= 4) {
      float x0 = src[0][i];
      float x1 = src[1][i];
      float x2 = src[2][i];
      float x3 = src[3][i];
      for (int j = 0; j < outs; j++) {
        acc[j] =
            fma(
                w[3 * outs + j],
                x3,
                fma(w[2 * outs + j], x2, fma(w[outs + j], x1, fma(w[j], x0, bias[j]))));
      }
      k = 4;
    } else {
      System.arraycopy(bias, 0, acc, 0, outs);
    }
    for (; k + 3 < in; k += 4) {
      float x0 = src[k][i];
      float x1 = src[k + 1][i];
      float x2 = src[k + 2][i];
      float x3 = src[k + 3][i];
      int o0 = k * outs;
      int o1 = o0 + outs;
      int o2 = o1 + outs;
      int o3 = o2 + outs;
      for (int j = 0; j < outs; j++) {
        acc[j] =
            fma(w[o3 + j], x3, fma(w[o2 + j], x2, fma(w[o1 + j], x1, fma(w[o0 + j], x0, acc[j]))));
      }
    }
    for (; k < in; k++) {
      float xk = src[k][i];
      int o = k * outs;
      for (int j = 0; j < outs; j++) {
        acc[j] = fma(w[o + j], xk, acc[j]);
      }
    }
    if (tanh) {
      Tanh.inPlace(acc, 0, outs);
    }
  }
}
