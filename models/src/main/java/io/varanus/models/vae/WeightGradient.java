package io.varanus.models.vae;

import static java.lang.Math.fma;

/**
 * The weight and bias gradients of a dense layer over a batch: {@code gw[k * out + j] = sum_i
 * in[i][k] * d[i][j]} and {@code gb[j] = sum_i d[i][j]}, with the layer's inputs {@code in} and the
 * loss gradient at its outputs {@code d} item-major (one array per item).
 *
 * <p>Every weight's sum is one chain of fused multiply-adds over the items {@code i = 0, 1, ...}
 * from zero, on every path, so the result is the same bit for bit with and without the vector
 * module and whatever the vector width: {@link VectorGradient} vectorizes across weights, never
 * across items. It runs along the longer of the two dimensions (outputs, or inputs for the narrow
 * latent heads).
 */
final class WeightGradient {

  /** Whether {@link VectorGradient} computes the sums (the JVM has the vector module). */
  static final boolean VECTOR = DenseKernel.VECTOR;

  private WeightGradient() {}

  /**
   * Sets {@code gw} and {@code gb} for items {@code i < n}; {@code scratch} holds at least {@code
   * ins * outs} values.
   */
  static void compute(
      float[][] in,
      int ins,
      float[][] d,
      int outs,
      int n,
      float[] gw,
      float[] gb,
      float[] scratch) {
    compute(in, ins, d, outs, n, gw, gb, scratch, VECTOR);
  }

  /** As above, through {@link VectorGradient} only when {@code vector} is set. */
  static void compute(
      float[][] in,
      int ins,
      float[][] d,
      int outs,
      int n,
      float[] gw,
      float[] gb,
      float[] scratch,
      boolean vector) {
    if (outs >= ins) {
      outer(in, ins, d, outs, n, gw, vector);
    } else {
      outer(d, outs, in, ins, n, scratch, vector);
      for (int j = 0; j < outs; j++) {
        for (int k = 0; k < ins; k++) {
          gw[k * outs + j] = scratch[j * ins + k];
        }
      }
    }
    int from = vector ? VectorGradient.columnSums(d, outs, n, gb) : 0;
    for (int j = from; j < outs; j++) {
      float s = 0;
      for (int i = 0; i < n; i++) {
        s += d[i][j];
      }
      gb[j] = s;
    }
  }

  /** {@code g[p * qs + q] = sum_i a[i][p] * b[i][q]}, the chain over i in order. */
  private static void outer(
      float[][] a, int ps, float[][] b, int qs, int n, float[] g, boolean vector) {
    int from = vector ? VectorGradient.outer(a, ps, b, qs, n, g) : 0;
    if (from == qs) {
      return;
    }
    for (int p = 0; p < ps; p++) {
      for (int q = from; q < qs; q++) {
        float s = 0;
        for (int i = 0; i < n; i++) {
          s = fma(a[i][p], b[i][q], s);
        }
        g[p * qs + q] = s;
      }
    }
  }

  /** {@code dst[i][f] = src[f][i]} for features {@code f < features} and items {@code i < n}. */
  static void toItemMajor(float[][] src, int features, int n, float[][] dst) {
    int block = 16;
    for (int f0 = 0; f0 < features; f0 += block) {
      int f1 = Math.min(features, f0 + block);
      for (int i = 0; i < n; i++) {
        float[] row = dst[i];
        for (int f = f0; f < f1; f++) {
          row[f] = src[f][i];
        }
      }
    }
  }
}
