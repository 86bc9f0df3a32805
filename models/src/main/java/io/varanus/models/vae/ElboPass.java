package io.varanus.models.vae;

import java.util.Arrays;

/**
 * One minibatch through the VAE and back, on the scorer's kernels: the negative ELBO with one
 * reparameterized sample per row, {@code z = mu + exp(logvar / 2) * eps}, and its gradient with
 * respect to every parameter, derived by hand (tested against SameDiff's automatic differentiation
 * and finite differences). Data is feature-major as in {@link VaeScorer}: one array per feature
 * holding it for every item of the batch. Not thread-safe: one pass per thread.
 */
final class ElboPass {

  private final int encoderLayers;
  private final int layers;
  private final int capacity;
  private final int latent;
  private final ElboLoss likelihood;
  private final float[][] x;
  private final float[][][] act;
  private final float[][][] delta;
  private final float[][] eps;
  private final float[][] sigma;
  private final float[][] z;
  private final float[][] dz;
  private final float[][] headDelta;
  private final double[] kl;
  private final double[] rowLoss;
  private final float[] scratch;
  private final float[] rawGradient;
  private final float[][] batchRows;
  private final float[][] inItems;
  private final float[][] deltaItems;
  private final float[] gradientScratch;
  private int n;
  private double beta;

  ElboPass(InputLayout layout, VaeConfig config, int capacity) {
    VaeParameters shape = VaeParameters.of(VaeWeights.initial(layout, config, 0L));
    this.encoderLayers = config.encoderHidden().size();
    this.layers = shape.layerCount();
    this.capacity = capacity;
    this.latent = config.latentDim();
    this.likelihood = new ElboLoss(layout, config.minVariance(), this.capacity);
    int widest = layout.width();
    act = new float[layers][][];
    delta = new float[layers][][];
    for (int i = 0; i < layers; i++) {
      act[i] = new float[shape.outs[i]][this.capacity];
      delta[i] = new float[shape.outs[i]][this.capacity];
      widest = Math.max(widest, Math.max(shape.outs[i], shape.ins[i]));
    }
    x = new float[layout.width()][this.capacity];
    eps = new float[latent][this.capacity];
    sigma = new float[latent][this.capacity];
    z = new float[latent][this.capacity];
    dz = new float[latent][this.capacity];
    headDelta = new float[2 * latent][];
    for (int j = 0; j < latent; j++) {
      headDelta[j] = delta[encoderLayers][j];
      headDelta[latent + j] = delta[encoderLayers + 1][j];
    }
    kl = new double[this.capacity];
    rowLoss = new double[this.capacity];
    scratch = new float[widest];
    rawGradient = new float[shape.raw.length];
    batchRows = new float[this.capacity][];
    inItems = new float[this.capacity][widest];
    deltaItems = new float[this.capacity][widest];
    int largest = 0;
    for (int i = 0; i < layers; i++) {
      largest = Math.max(largest, shape.ins[i] * shape.outs[i]);
    }
    gradientScratch = new float[largest];
  }

  int capacity() {
    return capacity;
  }

  /**
   * Forward pass of rows {@code rows[index[from + r]]}, r < count, with noise {@code noise[r]} and
   * KL weight {@code beta}; returns the sum over the rows of reconstruction + beta * KL. With
   * {@code training} set it also keeps what {@link #backward} needs.
   */
  double forward(
      DenseLayer[] net,
      float[] raw,
      float[][] rows,
      int[] index,
      int from,
      int count,
      float[][] noise,
      double beta,
      boolean training) {
    load(rows, index, from, count, noise);
    this.beta = beta;
    encode(net);
    decode(net);
    Arrays.fill(rowLoss, 0, n, 0);
    likelihood.refresh(raw);
    float scale = 1f / n;
    likelihood.reconstruction(
        x, act[layers - 1], n, rowLoss, training ? delta[layers - 1] : null, scale, rawGradient);
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += rowLoss[i] + beta * kl[i];
    }
    return total;
  }

  private void load(float[][] rows, int[] index, int from, int count, float[][] noise) {
    if (count < 1 || count > capacity) {
      throw new IllegalArgumentException("Batch of " + count + " rows; capacity " + capacity);
    }
    n = count;
    for (int r = 0; r < n; r++) {
      float[] row = rows[index == null ? from + r : index[from + r]];
      batchRows[r] = row;
      for (int c = 0; c < row.length; c++) {
        x[c][r] = row[c];
      }
      for (int j = 0; j < latent; j++) {
        eps[j][r] = noise[r][j];
      }
    }
  }

  private void encode(DenseLayer[] net) {
    float[][] h = x;
    for (int i = 0; i < encoderLayers; i++) {
      DenseKernel.forward(net[i], h, act[i], n, true, scratch);
      h = act[i];
    }
    float[][] mu = act[encoderLayers];
    float[][] logVar = act[encoderLayers + 1];
    DenseKernel.forward(net[encoderLayers], h, mu, n, false, scratch);
    DenseKernel.forward(net[encoderLayers + 1], h, logVar, n, false, scratch);
    Arrays.fill(kl, 0, n, 0);
    for (int j = 0; j < latent; j++) {
      for (int i = 0; i < n; i++) {
        double lv = logVar[j][i];
        double m = mu[j][i];
        double s = Math.exp(0.5 * lv);
        kl[i] += 0.5 * (s * s + m * m - lv - 1);
        sigma[j][i] = (float) s;
        z[j][i] = mu[j][i] + sigma[j][i] * eps[j][i];
      }
    }
  }

  private void decode(DenseLayer[] net) {
    float[][] g = z;
    for (int i = encoderLayers + 2; i < layers; i++) {
      DenseKernel.forward(net[i], g, act[i], n, i < layers - 1, scratch);
      g = act[i];
    }
  }

  /**
   * The gradient of the mean loss of the last training forward pass into {@code grad}, every array
   * overwritten; {@code params} are the weights that pass ran with.
   */
  void backward(VaeParameters params, VaeParameters grad) {
    float scale = 1f / n;
    System.arraycopy(rawGradient, 0, grad.raw, 0, rawGradient.length);
    int firstDecoder = encoderLayers + 2;
    for (int i = layers - 1; i >= firstDecoder; i--) {
      float[][] in = i == firstDecoder ? z : act[i - 1];
      WeightGradient.toItemMajor(in, params.ins[i], n, inItems);
      weightGradient(params, grad, i, inItems);
      float[][] dst = i == firstDecoder ? dz : delta[i - 1];
      DenseKernel.forward(params.transposed(i), delta[i], dst, n, false, scratch);
      if (i > firstDecoder) {
        tanhSlope(dst, act[i - 1]);
      }
    }
    reparameterization(scale);
    float[][] h = act[encoderLayers - 1];
    WeightGradient.toItemMajor(h, params.ins[encoderLayers], n, inItems);
    weightGradient(params, grad, encoderLayers, inItems);
    weightGradient(params, grad, encoderLayers + 1, inItems);
    DenseKernel.forward(
        params.transposedPair(encoderLayers, encoderLayers + 1),
        headDelta,
        delta[encoderLayers - 1],
        n,
        false,
        scratch);
    tanhSlope(delta[encoderLayers - 1], h);
    for (int i = encoderLayers - 1; i >= 0; i--) {
      float[][] in = batchRows;
      if (i > 0) {
        WeightGradient.toItemMajor(act[i - 1], params.ins[i], n, inItems);
        in = inItems;
      }
      weightGradient(params, grad, i, in);
      if (i > 0) {
        DenseKernel.forward(params.transposed(i), delta[i], delta[i - 1], n, false, scratch);
        tanhSlope(delta[i - 1], act[i - 1]);
      }
    }
  }

  private void weightGradient(VaeParameters params, VaeParameters grad, int i, float[][] in) {
    WeightGradient.toItemMajor(delta[i], params.outs[i], n, deltaItems);
    WeightGradient.compute(
        in, params.ins[i], deltaItems, params.outs[i], n, grad.w[i], grad.b[i], gradientScratch);
  }

  /** Gradients at mu and logvar from the one at z and from beta * KL. */
  private void reparameterization(float scale) {
    float[][] mu = act[encoderLayers];
    float[][] logVar = act[encoderLayers + 1];
    float[][] dMu = delta[encoderLayers];
    float[][] dLogVar = delta[encoderLayers + 1];
    float b = (float) (beta * scale);
    for (int j = 0; j < latent; j++) {
      for (int i = 0; i < n; i++) {
        float s = sigma[j][i];
        float g = dz[j][i];
        dMu[j][i] = g + b * mu[j][i];
        dLogVar[j][i] = g * eps[j][i] * 0.5f * s + b * 0.5f * (s * s - 1f);
      }
    }
  }

  /** {@code d *= 1 - t^2}: through a tanh whose outputs were {@code t}. */
  private void tanhSlope(float[][] d, float[][] t) {
    for (int j = 0; j < d.length; j++) {
      float[] dj = d[j];
      float[] tj = t[j];
      for (int i = 0; i < n; i++) {
        dj[i] *= 1f - tj[i] * tj[i];
      }
    }
  }
}
