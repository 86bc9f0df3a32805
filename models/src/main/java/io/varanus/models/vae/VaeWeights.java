package io.varanus.models.vae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All parameters of a VAE. The encoder maps a row through {@code encoder} (tanh) to the heads
 * {@code mu} and {@code logVar}; the decoder maps z through {@code decoder} (tanh) to {@code
 * output}, which gives the Gaussian mean of each continuous column and the logits of each
 * categorical group, in the input layout's column order. {@code rawVariance} holds one value per
 * continuous block; the variance is {@code minVariance + softplus(rawVariance)}.
 */
public record VaeWeights(
    List<DenseLayer> encoder,
    DenseLayer mu,
    DenseLayer logVar,
    List<DenseLayer> decoder,
    DenseLayer output,
    float[] rawVariance) {

  public VaeWeights {
    encoder = List.copyOf(encoder);
    decoder = List.copyOf(decoder);
    rawVariance = rawVariance.clone();
  }

  @Override
  public float[] rawVariance() {
    return rawVariance.clone();
  }

  /** Every layer in a fixed order: encoder, mu, logVar, decoder, output. */
  public List<DenseLayer> layers() {
    List<DenseLayer> all = new ArrayList<>(encoder);
    all.add(mu);
    all.add(logVar);
    all.addAll(decoder);
    all.add(output);
    return all;
  }

  /**
   * Fresh weights with Glorot-uniform matrices and zero biases, drawn from {@code seed}; the
   * log-variance head starts near zero so that initial posteriors are close to the prior.
   */
  public static VaeWeights initial(InputLayout layout, VaeConfig config, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int d = layout.width();
    List<DenseLayer> enc = new ArrayList<>();
    int in = d;
    for (int h : config.encoderHidden()) {
      enc.add(glorot(in, h, rnd, 1f));
      in = h;
    }
    DenseLayer mu = glorot(in, config.latentDim(), rnd, 1f);
    DenseLayer lv = glorot(in, config.latentDim(), rnd, 0.1f);
    List<DenseLayer> dec = new ArrayList<>();
    in = config.latentDim();
    for (int h : config.decoderHidden()) {
      dec.add(glorot(in, h, rnd, 1f));
      in = h;
    }
    DenseLayer out = glorot(in, d, rnd, 1f);
    float[] raw = new float[layout.continuousCount()];
    Arrays.fill(raw, (float) inverseSoftplus(1.0 - config.minVariance()));
    return new VaeWeights(enc, mu, lv, dec, out, raw);
  }

  /** Checks that these weights fit {@code layout} and {@code config}; returns what differs. */
  public List<String> mismatches(InputLayout layout, VaeConfig config) {
    List<String> problems = new ArrayList<>();
    VaeWeights expected = initial(layout, config, 0L);
    List<DenseLayer> want = expected.layers();
    List<DenseLayer> have = layers();
    if (want.size() != have.size()) {
      problems.add("expected " + want.size() + " layers, found " + have.size());
      return problems;
    }
    for (int i = 0; i < want.size(); i++) {
      DenseLayer w = want.get(i);
      DenseLayer h = have.get(i);
      if (w.in() != h.in() || w.out() != h.out()) {
        problems.add(
            "layer "
                + i
                + " expected "
                + w.in()
                + "x"
                + w.out()
                + ", found "
                + h.in()
                + "x"
                + h.out());
      }
    }
    if (rawVariance.length != layout.continuousCount()) {
      problems.add(
          "expected "
              + layout.continuousCount()
              + " variance parameters (one per continuous block), found "
              + rawVariance.length);
    }
    return problems;
  }

  static double inverseSoftplus(double y) {
    return Math.log(Math.expm1(y));
  }

  private static DenseLayer glorot(int in, int out, SplittableRandom rnd, float gain) {
    double limit = gain * Math.sqrt(6.0 / (in + out));
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
    }
    return new DenseLayer(in, out, w, new float[out]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaeWeights v
        && layers().equals(v.layers())
        && Arrays.equals(rawVariance, v.rawVariance);
  }

  @Override
  public int hashCode() {
    return 31 * layers().hashCode() + Arrays.hashCode(rawVariance);
  }
}
