package io.varanus.models.vae;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WeightGradient} with {@code jdk.incubator.vector}, loaded only when the JVM has the
 * module. Register-tiled like {@link VectorDense}: a tile of four rows by two vectors of columns
 * stays in eight registers while the loop runs over the items, so each loaded vector feeds four
 * fused multiply-adds. Lanes are weights, and each lane's sum is the chain over the items in order,
 * the scalar path's exact operations.
 */
final class VectorGradient {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = S.length();

  private VectorGradient() {}

  /**
   * {@code g[p * qs + q] = sum_i a[i][p] * b[i][q]} for the columns {@code q < qs - qs % LANES};
   * returns that column count, the rest is the caller's.
   */
  static int outer(float[][] a, int ps, float[][] b, int qs, int n, float[] g) {
    int end = qs - qs % LANES;
    int q = 0;
    for (; q + 2 * LANES <= end; q += 2 * LANES) {
      int p = 0;
      for (; p + 3 < ps; p += 4) {
        fourByTwo(a, b, qs, n, p, q, g);
      }
      for (; p < ps; p++) {
        one(a, b, qs, n, p, q, g);
        one(a, b, qs, n, p, q + LANES, g);
      }
    }
    for (; q < end; q += LANES) {
      for (int p = 0; p < ps; p++) {
        one(a, b, qs, n, p, q, g);
      }
    }
    return end;
  }

  private static void fourByTwo(float[][] a, float[][] b, int qs, int n, int p, int q, float[] g) {
    int q2 = q + LANES;
    FloatVector a0 = FloatVector.broadcast(S, 0f);
    FloatVector a1 = FloatVector.broadcast(S, 0f);
    FloatVector a2 = FloatVector.broadcast(S, 0f);
    FloatVector a3 = FloatVector.broadcast(S, 0f);
    FloatVector c0 = FloatVector.broadcast(S, 0f);
    FloatVector c1 = FloatVector.broadcast(S, 0f);
    FloatVector c2 = FloatVector.broadcast(S, 0f);
    FloatVector c3 = FloatVector.broadcast(S, 0f);
    for (int i = 0; i < n; i++) {
      float[] ai = a[i];
      float[] bi = b[i];
      FloatVector x = FloatVector.fromArray(S, bi, q);
      FloatVector y = FloatVector.fromArray(S, bi, q2);
      FloatVector w0 = FloatVector.broadcast(S, ai[p]);
      FloatVector w1 = FloatVector.broadcast(S, ai[p + 1]);
      FloatVector w2 = FloatVector.broadcast(S, ai[p + 2]);
      FloatVector w3 = FloatVector.broadcast(S, ai[p + 3]);
      a0 = w0.fma(x, a0);
      a1 = w1.fma(x, a1);
      a2 = w2.fma(x, a2);
      a3 = w3.fma(x, a3);
      c0 = w0.fma(y, c0);
      c1 = w1.fma(y, c1);
      c2 = w2.fma(y, c2);
      c3 = w3.fma(y, c3);
    }
    int o = p * qs;
    a0.intoArray(g, o + q);
    c0.intoArray(g, o + q2);
    a1.intoArray(g, o + qs + q);
    c1.intoArray(g, o + qs + q2);
    a2.intoArray(g, o + 2 * qs + q);
    c2.intoArray(g, o + 2 * qs + q2);
    a3.intoArray(g, o + 3 * qs + q);
    c3.intoArray(g, o + 3 * qs + q2);
  }

  private static void one(float[][] a, float[][] b, int qs, int n, int p, int q, float[] g) {
    FloatVector acc = FloatVector.broadcast(S, 0f);
    for (int i = 0; i < n; i++) {
      acc = FloatVector.broadcast(S, a[i][p]).fma(FloatVector.fromArray(S, b[i], q), acc);
    }
    acc.intoArray(g, p * qs + q);
  }

  /** {@code s[j] = sum_i d[i][j]} for {@code j < outs - outs % LANES}; returns that count. */
  static int columnSums(float[][] d, int outs, int n, float[] s) {
    int end = outs - outs % LANES;
    for (int j = 0; j < end; j += LANES) {
      FloatVector acc = FloatVector.broadcast(S, 0f);
      for (int i = 0; i < n; i++) {
        acc = acc.add(FloatVector.fromArray(S, d[i], j));
      }
      acc.intoArray(s, j);
    }
    return end;
  }
}
