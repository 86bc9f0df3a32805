package io.varanus.models.vae;

/**
 * The scorer's dense layer on feature-major data: one array per feature, holding that feature for
 * every item. The inner loop runs over the items and reads four inputs per pass; with one array per
 * feature, C2 vectorizes it (30-34 GFLOP/s on the benchmark's 64 -> 40 layer), while the same loop
 * over offsets into a single flat array stayed scalar (7.6 GFLOP/s): see docs/BENCHMARKS.md.
 */
final class DenseKernel {

  private DenseKernel() {}

  /**
   * {@code dst[j][i] = b[j] + sum_k w[k][j] * src[k][i]} for items {@code i < n}. {@code src} and
   * {@code dst} must be distinct arrays.
   */
  static void forward(DenseLayer layer, float[][] src, float[][] dst, int n) {
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
        for (int i = 0; i < n; i++) {
          d[i] = bj + w0 * s0[i] + w1 * s1[i] + w2 * s2[i] + w3 * s3[i];
        }
        k = 4;
      } else {
        java.util.Arrays.fill(d, 0, n, bj);
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
        for (int i = 0; i < n; i++) {
          d[i] += w0 * s0[i] + w1 * s1[i] + w2 * s2[i] + w3 * s3[i];
        }
      }
      for (; k < in; k++) {
        float wk = w[k * outs + j];
        float[] s = src[k];
        for (int i = 0; i < n; i++) {
          d[i] += wk * s[i];
        }
      }
    }
  }
}
