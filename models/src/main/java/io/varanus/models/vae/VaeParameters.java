package io.varanus.models.vae;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainable parameters of a VAE as mutable arrays, in the order of {@link VaeWeights#layers()}
 * followed by the raw variances: what the trainer's gradient pass reads and its optimizer updates.
 * A gradient has the same shape, so it is another instance of this class.
 */
final class VaeParameters {

  final int[] ins;
  final int[] outs;
  final float[][] w;
  final float[][] b;
  final float[] raw;

  private VaeParameters(int[] ins, int[] outs, float[][] w, float[][] b, float[] raw) {
    this.ins = ins;
    this.outs = outs;
    this.w = w;
    this.b = b;
    this.raw = raw;
  }

  static VaeParameters of(VaeWeights weights) {
    List<DenseLayer> layers = weights.layers();
    int n = layers.size();
    int[] ins = new int[n];
    int[] outs = new int[n];
    float[][] w = new float[n][];
    float[][] b = new float[n][];
    for (int i = 0; i < n; i++) {
      DenseLayer l = layers.get(i);
      ins[i] = l.in();
      outs[i] = l.out();
      w[i] = l.w();
      b[i] = l.b();
    }
    return new VaeParameters(ins, outs, w, b, weights.rawVariance());
  }

  /** Zeros of the same shape. */
  VaeParameters zeros() {
    float[][] zw = new float[w.length][];
    float[][] zb = new float[b.length][];
    for (int i = 0; i < w.length; i++) {
      zw[i] = new float[w[i].length];
      zb[i] = new float[b[i].length];
    }
    return new VaeParameters(ins, outs, zw, zb, new float[raw.length]);
  }

  /** A deep copy. */
  VaeParameters copy() {
    VaeParameters c = zeros();
    c.assign(this);
    return c;
  }

  /** Sets every value to {@code other}'s. */
  void assign(VaeParameters other) {
    for (int i = 0; i < w.length; i++) {
      System.arraycopy(other.w[i], 0, w[i], 0, w[i].length);
      System.arraycopy(other.b[i], 0, b[i], 0, b[i].length);
    }
    System.arraycopy(other.raw, 0, raw, 0, raw.length);
  }

  /** Every array, weights and biases of each layer in turn, then the raw variances. */
  List<float[]> arrays() {
    List<float[]> all = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      all.add(w[i]);
      all.add(b[i]);
    }
    all.add(raw);
    return all;
  }

  int layerCount() {
    return w.length;
  }

  /** Layer {@code i} as an immutable snapshot, for the forward kernels. */
  DenseLayer layer(int i) {
    return new DenseLayer(ins[i], outs[i], w[i], b[i]);
  }

  /**
   * Layer {@code i}'s transpose without bias, {@code in' = out, out' = in}: the forward kernel on
   * it maps a gradient at the layer's outputs to the gradient at its inputs.
   */
  DenseLayer transposed(int i) {
    int in = ins[i];
    int out = outs[i];
    float[] t = new float[in * out];
    float[] src = w[i];
    for (int k = 0; k < in; k++) {
      for (int j = 0; j < out; j++) {
        t[j * in + k] = src[k * out + j];
      }
    }
    return new DenseLayer(out, in, t, new float[in]);
  }

  /**
   * The transposes of two layers with the same input stacked: {@code in' = out_a + out_b}. The
   * gradient at the shared input is one forward pass over both output gradients.
   */
  DenseLayer transposedPair(int a, int c) {
    int in = ins[a];
    int outA = outs[a];
    int outC = outs[c];
    float[] t = new float[in * (outA + outC)];
    for (int k = 0; k < in; k++) {
      for (int j = 0; j < outA; j++) {
        t[j * in + k] = w[a][k * outA + j];
      }
      for (int j = 0; j < outC; j++) {
        t[(outA + j) * in + k] = w[c][k * outC + j];
      }
    }
    return new DenseLayer(outA + outC, in, t, new float[in]);
  }

  /** These values as immutable weights, with {@code encoderLayers} encoder layers. */
  VaeWeights toWeights(int encoderLayers) {
    List<DenseLayer> all = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      all.add(layer(i));
    }
    int nDec = w.length - encoderLayers - 3;
    return new VaeWeights(
        all.subList(0, encoderLayers),
        all.get(encoderLayers),
        all.get(encoderLayers + 1),
        all.subList(encoderLayers + 2, encoderLayers + 2 + nDec),
        all.get(w.length - 1),
        raw);
  }
}
