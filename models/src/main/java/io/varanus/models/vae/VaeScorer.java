package io.varanus.models.vae;

import io.varanus.models.calibration.Calibration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores rows with the negative ELBO: closed-form KL(q(z|x) || N(0, I)) plus the reconstruction
 * term -log p(x|z) averaged over L samples {@code z_l = mu + sigma * eps_l}.
 *
 * <p>The noise {@code eps_l} is a fixed table drawn once from the seed, so a row's score depends
 * only on the row, the weights, L and the seed: the same in any batch, on any thread, after save
 * and load. This is the fast path (plain Java, no per-call native overhead); the SameDiff graph is
 * its reference and tests hold the two to the same scores. Batches of at least {@link
 * #PARALLEL_CHUNK} rows are split across the common fork-join pool.
 */
public final class VaeScorer implements Scorer {

  static final int PARALLEL_CHUNK = 128;
  static final int BLOCK_ROWS = 64;
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final float LOGIT_BOUND = io.varanus.models.vae.internal.VaeGraph.LOGIT_BOUND;

  private final InputLayout layout;
  private final DenseLayer[] encoder;
  private final DenseLayer mu;
  private final DenseLayer logVar;
  private final DenseLayer[] decoder;
  private final DenseLayer output;
  private final float[][] eps;
  private final int[] blockOffset;
  private final int[] blockWidth;
  private final boolean[] continuous;
  private final int[] varianceIndex;
  private final int[] categoricalBlocks;
  private final double[] invVariance;
  private final double[] nllConstant;
  private final Calibration calibration;
  private final int maxWidth;

  /** A scorer with {@code samples} Monte Carlo samples and noise drawn from {@code seed}. */
  public VaeScorer(VaeModel model, int samples, long seed) {
    if (samples < 1) {
      throw new IllegalArgumentException("Invalid number of samples " + samples + ": must be >= 1");
    }
    this.layout = model.layout();
    VaeWeights w = model.weights();
    this.encoder = w.encoder().toArray(DenseLayer[]::new);
    this.mu = w.mu();
    this.logVar = w.logVar();
    this.decoder = w.decoder().toArray(DenseLayer[]::new);
    this.output = w.output();
    this.eps = NoiseTable.standardNormal(samples, model.config().latentDim(), seed);
    this.calibration = model.calibration();

    List<InputLayout.Block> blocks = layout.blocks();
    int n = blocks.size();
    blockOffset = new int[n];
    blockWidth = new int[n];
    continuous = new boolean[n];
    varianceIndex = new int[n];
    float[] raw = w.rawVariance();
    invVariance = new double[raw.length];
    nllConstant = new double[raw.length];
    for (int k = 0; k < raw.length; k++) {
      double variance = model.config().minVariance() + softplus(raw[k]);
      invVariance[k] = 1.0 / variance;
      nllConstant[k] = 0.5 * (LOG_2PI + Math.log(variance));
    }
    int offset = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      blockOffset[i] = offset;
      blockWidth[i] = blocks.get(i).width();
      continuous[i] = blocks.get(i) instanceof InputLayout.Continuous;
      varianceIndex[i] = continuous[i] ? k++ : -1;
      offset += blockWidth[i];
    }
    int widest = layout.width();
    for (DenseLayer l : w.layers()) {
      widest = Math.max(widest, l.out());
    }
    this.maxWidth = widest;
    this.categoricalBlocks = IntStream.range(0, n).filter(i -> !continuous[i]).toArray();
  }

  public int samples() {
    return eps.length;
  }

  public InputLayout layout() {
    return layout;
  }

  @Override
  public Score[] score(float[][] rows) {
    int width = layout.width();
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != width) {
        throw new IllegalArgumentException(
            "Row " + r + " has " + rows[r].length + " columns; the model expects " + width);
      }
    }
    Score[] scores = new Score[rows.length];
    if (rows.length < 2 * PARALLEL_CHUNK) {
      scoreRange(rows, scores, 0, rows.length);
    } else {
      int chunks = (rows.length + PARALLEL_CHUNK - 1) / PARALLEL_CHUNK;
      IntStream.range(0, chunks)
          .parallel()
          .forEach(
              c ->
                  scoreRange(
                      rows,
                      scores,
                      c * PARALLEL_CHUNK,
                      Math.min(rows.length, (c + 1) * PARALLEL_CHUNK)));
    }
    return scores;
  }

  private void scoreRange(float[][] rows, Score[] out, int from, int to) {
    Block block = new Block(Math.min(BLOCK_ROWS, to - from));
    for (int r = from; r < to; r += BLOCK_ROWS) {
      block.score(rows, r, Math.min(to, r + BLOCK_ROWS), out);
    }
  }

  static double softplus(double v) {
    return v > 20 ? v : Math.log1p(Math.exp(v));
  }

  /**
   * Working arrays for up to {@code capacity} rows, stored feature-major ({@code a[k * n + i]} for
   * feature k of item i), so every dense layer is a run of long axpy loops over the items that the
   * JIT vectorizes. The decoder runs over all L samples of all rows at once: item {@code l * rows +
   * r}.
   */
  private final class Block {
    private final int capacity;
    private final float[] x;
    private final float[] a;
    private final float[] b;
    private final float[] muT;
    private final float[] logVarT;
    private final float[] sigmaT;
    private final float[] z;
    private final float[] out;
    private final double[] outSum;
    private final double[] outSumSq;
    private final double[] catNll;
    private final double[] probSum;
    private final double[] kl;
    private final double[] groupMax;
    private final double[] groupTotal;

    Block(int capacity) {
      this.capacity = capacity;
      int samples = eps.length;
      int width = layout.width();
      int latent = mu.out();
      int items = capacity * samples;
      x = new float[width * capacity];
      a = new float[maxWidth * items];
      b = new float[maxWidth * items];
      muT = new float[latent * capacity];
      logVarT = new float[latent * capacity];
      sigmaT = new float[latent * capacity];
      z = new float[latent * items];
      out = new float[width * items];
      outSum = new double[width * capacity];
      outSumSq = new double[width * capacity];
      catNll = new double[blockOffset.length * capacity];
      probSum = new double[width * capacity];
      kl = new double[capacity];
      groupMax = new double[items];
      groupTotal = new double[items];
    }

    void score(float[][] rows, int from, int to, Score[] results) {
      int n = to - from;
      int width = layout.width();
      for (int r = 0; r < n; r++) {
        float[] row = rows[from + r];
        for (int c = 0; c < width; c++) {
          x[c * n + r] = row[c];
        }
      }
      encode(n);
      decodeAll(n);
      for (int r = 0; r < n; r++) {
        results[from + r] = finish(rows[from + r], r, n);
      }
    }

    private void encode(int n) {
      float[] h = x;
      for (DenseLayer l : encoder) {
        float[] dst = h == a ? b : a;
        forward(l, h, dst, n);
        Tanh.inPlace(dst, l.out() * n);
        h = dst;
      }
      forward(mu, h, muT, n);
      forward(logVar, h, logVarT, n);
      java.util.Arrays.fill(kl, 0, n, 0);
      int latent = mu.out();
      for (int j = 0; j < latent; j++) {
        for (int r = 0; r < n; r++) {
          double lv = logVarT[j * n + r];
          double m = muT[j * n + r];
          kl[r] += 0.5 * (Math.exp(lv) + m * m - lv - 1);
          sigmaT[j * n + r] = (float) Math.exp(0.5 * lv);
        }
      }
    }

    /** All L samples of all rows through the decoder, then the sums the scores need. */
    private void decodeAll(int n) {
      int samples = eps.length;
      int items = n * samples;
      int latent = mu.out();
      for (int j = 0; j < latent; j++) {
        for (int l = 0; l < samples; l++) {
          float e = eps[l][j];
          int base = j * items + l * n;
          for (int r = 0; r < n; r++) {
            z[base + r] = muT[j * n + r] + sigmaT[j * n + r] * e;
          }
        }
      }
      float[] g = z;
      for (DenseLayer l : decoder) {
        float[] dst = g == a ? b : a;
        forward(l, g, dst, items);
        Tanh.inPlace(dst, l.out() * items);
        g = dst;
      }
      forward(output, g, out, items);
      int width = layout.width();
      java.util.Arrays.fill(outSum, 0, width * n, 0);
      java.util.Arrays.fill(outSumSq, 0, width * n, 0);
      for (int c = 0; c < width; c++) {
        for (int l = 0; l < samples; l++) {
          int src = c * items + l * n;
          int dst = c * n;
          for (int r = 0; r < n; r++) {
            double v = out[src + r];
            outSum[dst + r] += v;
            outSumSq[dst + r] += v * v;
          }
        }
      }
      categorical(n, items);
    }

    /** Each group's -log softmax of the observed category, and the summed probabilities. */
    private void categorical(int n, int items) {
      int samples = eps.length;
      java.util.Arrays.fill(catNll, 0, blockOffset.length * n, 0);
      java.util.Arrays.fill(probSum, 0, layout.width() * n, 0);
      for (int i : categoricalBlocks) {
        int o = blockOffset[i];
        int w = blockWidth[i];
        java.util.Arrays.fill(groupMax, 0, items, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(groupTotal, 0, items, 0);
        for (int c = o; c < o + w; c++) {
          for (int t = 0; t < items; t++) {
            float v = Math.max(-LOGIT_BOUND, Math.min(LOGIT_BOUND, out[c * items + t]));
            out[c * items + t] = v;
            groupMax[t] = Math.max(groupMax[t], v);
          }
        }
        for (int c = o; c < o + w; c++) {
          for (int t = 0; t < items; t++) {
            groupTotal[t] += Math.exp(out[c * items + t] - groupMax[t]);
          }
        }
        for (int t = 0; t < items; t++) {
          groupMax[t] += Math.log(groupTotal[t]);
        }
        for (int c = o; c < o + w; c++) {
          for (int l = 0; l < samples; l++) {
            for (int r = 0; r < n; r++) {
              int t = l * n + r;
              double logP = out[c * items + t] - groupMax[t];
              catNll[i * n + r] -= x[c * n + r] * logP;
              probSum[c * n + r] += Math.exp(logP);
            }
          }
        }
      }
    }

    private Score finish(float[] row, int r, int n) {
      int blocks = blockOffset.length;
      double invL = 1.0 / eps.length;
      double recon = 0;
      double[] nll = new double[blocks];
      double[] surprise = new double[blocks];
      float[] expected = new float[blocks];
      for (int i = 0; i < blocks; i++) {
        int c = blockOffset[i];
        if (continuous[i]) {
          int k = varianceIndex[i];
          double mean = outSum[c * n + r] * invL;
          // E_l[(x - out_l)^2] = (x - mean)^2 + (E_l[out_l^2] - mean^2), both terms >= 0
          double spread = Math.max(0, outSumSq[c * n + r] * invL - mean * mean);
          double quad = 0.5 * ((row[c] - mean) * (row[c] - mean) + spread) * invVariance[k];
          nll[i] = nllConstant[k] + quad;
          surprise[i] = quad;
          expected[i] = (float) mean;
        } else {
          nll[i] = catNll[i * n + r] * invL;
          surprise[i] = nll[i];
          int best = 0;
          for (int j = 1; j < blockWidth[i]; j++) {
            if (probSum[(c + j) * n + r] > probSum[(c + best) * n + r]) {
              best = j;
            }
          }
          expected[i] = best;
        }
        recon += nll[i];
      }
      double value = recon + kl[r];
      double grade = calibration == null ? Double.NaN : calibration.grade(value);
      return new Score(value, recon, kl[r], grade, nll, surprise, expected);
    }
  }

  /**
   * {@code dst[j][i] = b[j] + sum_k w[k][j] * src[k][i]} for {@code n} items stored feature-major.
   * The inner loop runs over the items and takes four inputs at a time: per output element it reads
   * four source values and reads and writes the destination once, which measured 1.5x the
   * throughput of one input at a time (docs/BENCHMARKS.md).
   */
  static void forward(DenseLayer layer, float[] src, float[] dst, int n) {
    float[] w = layer.weights();
    float[] bias = layer.biases();
    int in = layer.in();
    int outs = layer.out();
    for (int j = 0; j < outs; j++) {
      int d = j * n;
      java.util.Arrays.fill(dst, d, d + n, bias[j]);
      int k = 0;
      for (; k + 3 < in; k += 4) {
        float w0 = w[k * outs + j];
        float w1 = w[(k + 1) * outs + j];
        float w2 = w[(k + 2) * outs + j];
        float w3 = w[(k + 3) * outs + j];
        int s0 = k * n;
        int s1 = s0 + n;
        int s2 = s1 + n;
        int s3 = s2 + n;
        for (int i = 0; i < n; i++) {
          dst[d + i] += w0 * src[s0 + i] + w1 * src[s1 + i] + w2 * src[s2 + i] + w3 * src[s3 + i];
        }
      }
      for (; k < in; k++) {
        float wk = w[k * outs + j];
        int s = k * n;
        for (int i = 0; i < n; i++) {
          dst[d + i] += wk * src[s + i];
        }
      }
    }
  }
}
