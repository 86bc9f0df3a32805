package io.varanus.models.vae;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernel}'s streaming path written with {@code jdk.incubator.vector}, loaded only when
 * the JVM runs with {@code --add-modules jdk.incubator.vector}. It is register-tiled, which C2's
 * auto-vectorizer does not do: a tile of four outputs by two vectors of items stays in eight
 * registers while the loop runs over the inputs, so each input vector is loaded once per four
 * outputs and every product is one fused multiply-add. Per item and output it computes the same
 * chain {@code acc = fma(w_k, x_k, acc)} for k = 0, 1, ... from the bias as the scalar paths, so a
 * row's result is the same bit for bit on every path. Tanh is a separate pass ({@link #tanh}, the
 * operations of {@link Tanh#of} in the same order): fused into the tiles, the vector methods grew
 * past C2's inlining limits and ran 3x slower.
 */
final class VectorDense {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Items per vector. */
  static final int LANES = S.length();

  private VectorDense() {}

  /**
   * Outputs for the items {@code i < n - n % LANES}; returns that item count, the rest is the
   * caller's.
   */
  static int stream(DenseLayer layer, float[][] src, float[][] dst, int n) {
    int end = n - n % LANES;
    int outs = layer.out();
    int i = 0;
    for (; i + 2 * LANES <= end; i += 2 * LANES) {
      int j = 0;
      for (; j + 3 < outs; j += 4) {
        fourByTwo(layer, src, dst, i, j);
      }
      for (; j < outs; j++) {
        oneByTwo(layer, src, dst, i, j);
      }
    }
    for (; i < end; i += LANES) {
      for (int j = 0; j < outs; j++) {
        one(layer, src, dst, i, j);
      }
    }
    return end;
  }

  private static void fourByTwo(DenseLayer layer, float[][] src, float[][] dst, int i, int j) {
    float[] w = layer.weights();
    float[] b = layer.biases();
    int outs = layer.out();
    int in = layer.in();
    int i2 = i + LANES;
    FloatVector a0 = FloatVector.broadcast(S, b[j]);
    FloatVector a1 = FloatVector.broadcast(S, b[j + 1]);
    FloatVector a2 = FloatVector.broadcast(S, b[j + 2]);
    FloatVector a3 = FloatVector.broadcast(S, b[j + 3]);
    FloatVector c0 = a0;
    FloatVector c1 = a1;
    FloatVector c2 = a2;
    FloatVector c3 = a3;
    for (int k = 0; k < in; k++) {
      float[] s = src[k];
      FloatVector x = FloatVector.fromArray(S, s, i);
      FloatVector y = FloatVector.fromArray(S, s, i2);
      int o = k * outs + j;
      FloatVector w0 = FloatVector.broadcast(S, w[o]);
      FloatVector w1 = FloatVector.broadcast(S, w[o + 1]);
      FloatVector w2 = FloatVector.broadcast(S, w[o + 2]);
      FloatVector w3 = FloatVector.broadcast(S, w[o + 3]);
      a0 = w0.fma(x, a0);
      a1 = w1.fma(x, a1);
      a2 = w2.fma(x, a2);
      a3 = w3.fma(x, a3);
      c0 = w0.fma(y, c0);
      c1 = w1.fma(y, c1);
      c2 = w2.fma(y, c2);
      c3 = w3.fma(y, c3);
    }
    a0.intoArray(dst[j], i);
    c0.intoArray(dst[j], i2);
    a1.intoArray(dst[j + 1], i);
    c1.intoArray(dst[j + 1], i2);
    a2.intoArray(dst[j + 2], i);
    c2.intoArray(dst[j + 2], i2);
    a3.intoArray(dst[j + 3], i);
    c3.intoArray(dst[j + 3], i2);
  }

  /**
   * One output for two vectors of items: two independent accumulators, each item's operations as in
   * {@link #one}.
   */
  private static void oneByTwo(DenseLayer layer, float[][] src, float[][] dst, int i, int j) {
    float[] w = layer.weights();
    int outs = layer.out();
    int in = layer.in();
    int i2 = i + LANES;
    FloatVector a = FloatVector.broadcast(S, layer.biases()[j]);
    FloatVector c = a;
    for (int k = 0; k < in; k++) {
      float[] s = src[k];
      FloatVector wk = FloatVector.broadcast(S, w[k * outs + j]);
      a = wk.fma(FloatVector.fromArray(S, s, i), a);
      c = wk.fma(FloatVector.fromArray(S, s, i2), c);
    }
    a.intoArray(dst[j], i);
    c.intoArray(dst[j], i2);
  }

  private static void one(DenseLayer layer, float[][] src, float[][] dst, int i, int j) {
    float[] w = layer.weights();
    int outs = layer.out();
    int in = layer.in();
    FloatVector a = FloatVector.broadcast(S, layer.biases()[j]);
    for (int k = 0; k < in; k++) {
      a = FloatVector.broadcast(S, w[k * outs + j]).fma(FloatVector.fromArray(S, src[k], i), a);
    }
    a.intoArray(dst[j], i);
  }

  /**
   * {@code dst[i] = Exp.of(src[i] - max[i])} and {@code total[i] += dst[i]} for {@code i < n - n %
   * LANES}, the operations of {@link Exp#of} in the same order; returns that item count.
   */
  static int exp(float[] src, float[] max, float[] dst, float[] total, int n) {
    int end = n - n % LANES;
    for (int i = 0; i < end; i += LANES) {
      FloatVector y =
          FloatVector.fromArray(S, src, i).sub(FloatVector.fromArray(S, max, i)).max(Exp.FLOOR);
      FloatVector t = y.mul(Exp.LOG2E).add(Exp.ROUNDER);
      FloatVector kf = t.sub(Exp.ROUNDER);
      IntVector k = (IntVector) t.reinterpretAsInts();
      k = k.sub(Exp.ROUNDER_BITS);
      FloatVector r = y.sub(kf.mul(Exp.LN2_HI)).sub(kf.mul(Exp.LN2_LO));
      FloatVector p = r.mul(Exp.C6).add(Exp.C5).mul(r).add(Exp.C4).mul(r).add(Exp.C3);
      p = p.mul(r).add(Exp.C2).mul(r).add(1f);
      p = p.mul(r).add(1f);
      FloatVector scale =
          (FloatVector) k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector e = p.mul(scale);
      e.intoArray(dst, i);
      FloatVector.fromArray(S, total, i).add(e).intoArray(total, i);
    }
    return end;
  }

  /**
   * {@link Tanh#inPlace} for {@code v[0, to - to % LANES)}, the same operations in the same order.
   */
  static int tanh(float[] v, int to) {
    int end = to - to % LANES;
    for (int i = 0; i < end; i += LANES) {
      FloatVector x = FloatVector.fromArray(S, v, i).min(9f).max(-9f);
      FloatVector y = x.mul(x);
      FloatVector p = y.mul(Tanh.P6).add(Tanh.P5).mul(y).add(Tanh.P4).mul(y).add(Tanh.P3);
      p = p.mul(y).add(Tanh.P2).mul(y).add(Tanh.P1).mul(y).add(1f);
      FloatVector q = y.mul(Tanh.Q6).add(Tanh.Q5).mul(y).add(Tanh.Q4).mul(y).add(Tanh.Q3);
      q = q.mul(y).add(Tanh.Q2).mul(y).add(Tanh.Q1).mul(y).add(1f);
      x.mul(p).div(q).intoArray(v, i);
    }
    return end;
  }
}
