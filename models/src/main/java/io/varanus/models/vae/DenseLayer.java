package io.varanus.models.vae;

import java.util.Arrays;

/**
 * Weights of one fully connected layer: {@code out = in * w + b}, with {@code w} stored row-major
 * as {@code [in][out]} so that the inner loop of the forward pass runs over contiguous outputs.
 */
public record DenseLayer(int in, int out, float[] w, float[] b) {

  public DenseLayer {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("Layer sizes must be >= 1, got " + in + "x" + out);
    }
    if (w.length != in * out || b.length != out) {
      throw new IllegalArgumentException(
          "Layer "
              + in
              + "x"
              + out
              + " needs "
              + in * out
              + " weights and "
              + out
              + " biases, got "
              + w.length
              + " and "
              + b.length);
    }
    w = w.clone();
    b = b.clone();
  }

  @Override
  public float[] w() {
    return w.clone();
  }

  @Override
  public float[] b() {
    return b.clone();
  }

  /** The weights without a copy, for the scoring hot path in this package. */
  float[] weights() {
    return w;
  }

  /** The biases without a copy, for the scoring hot path in this package. */
  float[] biases() {
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseLayer d
        && in == d.in
        && out == d.out
        && Arrays.equals(w, d.w)
        && Arrays.equals(b, d.b);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * in + out) + Arrays.hashCode(w)) + Arrays.hashCode(b);
  }

  @Override
  public String toString() {
    return "DenseLayer[" + in + "x" + out + "]";
  }
}
