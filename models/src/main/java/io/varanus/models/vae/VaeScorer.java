package io.varanus.models.vae;

import io.varanus.models.calibration.Calibration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Scores rows with the negative ELBO: closed-form KL(q(z|x) || N(0, I)) plus the reconstruction
 * term -log p(x|z) averaged over L samples {@code z_l = mu + sigma * eps_l}. A continuous feature's
 * surprise (half its squared standardized error) goes through the model's {@link SurpriseBound}
 * first, so the score, its reconstruction term and the per-feature explanation all carry the
 * bounded value.
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
  private final SurpriseBound bound;
  private final int maxWidth;
  private final ConcurrentLinkedQueue<Block> idle = new ConcurrentLinkedQueue<>();

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
    this.bound = model.bound();

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

  /**
   * Whether the dense layers use the vectorized kernel: true when the JVM runs with {@code
   * --add-modules jdk.incubator.vector}; otherwise scoring takes the scalar kernel, which gives the
   * same scores more slowly (docs/BENCHMARKS.md).
   */
  public static boolean vectorKernel() {
    return DenseKernel.VECTOR;
  }

  /** A short description of {@link #vectorKernel()}, for logs and benchmarks. */
  public static String denseKernel() {
    return DenseKernel.VECTOR ? "vector, " + VectorDense.LANES + " lanes" : "scalar";
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
    Block block = idle.poll();
    if (block == null) {
      block = new Block();
    }
    try {
      for (int r = from; r < to; r += BLOCK_ROWS) {
        block.score(rows, r, Math.min(to, r + BLOCK_ROWS), out);
      }
    } finally {
      idle.offer(block);
    }
  }

  static double softplus(double v) {
    return v > 20 ? v : Math.log1p(Math.exp(v));
  }

  /**
   * Working arrays for up to {@link #BLOCK_ROWS} rows, stored feature-major: one array per feature
   * holding it for every item, so each dense layer is a run of long loops over the items that the
   * JIT vectorizes ({@link DenseKernel}). The decoder runs over all L samples of all rows at once:
   * item {@code l * rows + r}. Blocks are reused across calls (a pool of idle blocks per scorer):
   * fresh arrays of this size cost more than scoring a small batch.
   */
  private final class Block {
    private final float[][] x;
    private final float[][] a;
    private final float[][] b;
    private final float[][] muT;
    private final float[][] logVarT;
    private final float[][] sigmaT;
    private final float[][] z;
    private final float[][] out;
    private final double[][] outSum;
    private final double[][] outSumSq;
    private final double[][] catNll;
    private final double[][] probSum;
    private final double[] kl;
    private final float[] catMax;
    private final float[] catTotal;
    private final double[] catLogTotal;
    private final double[] catInvTotal;
    private final float[] scratch = new float[maxWidth];

    Block() {
      int width = layout.width();
      int latent = mu.out();
      int items = BLOCK_ROWS * eps.length;
      x = new float[width][BLOCK_ROWS];
      a = new float[maxWidth][items];
      b = new float[maxWidth][items];
      muT = new float[latent][BLOCK_ROWS];
      logVarT = new float[latent][BLOCK_ROWS];
      sigmaT = new float[latent][BLOCK_ROWS];
      z = new float[latent][items];
      out = new float[width][items];
      outSum = new double[width][BLOCK_ROWS];
      outSumSq = new double[width][BLOCK_ROWS];
      catNll = new double[blockOffset.length][BLOCK_ROWS];
      probSum = new double[width][BLOCK_ROWS];
      kl = new double[BLOCK_ROWS];
      catMax = new float[items];
      catTotal = new float[items];
      catLogTotal = new double[items];
      catInvTotal = new double[items];
    }

    void score(float[][] rows, int from, int to, Score[] results) {
      int n = to - from;
      int width = layout.width();
      for (int r = 0; r < n; r++) {
        float[] row = rows[from + r];
        for (int c = 0; c < width; c++) {
          x[c][r] = row[c];
        }
      }
      encode(n);
      decodeAll(n);
      for (int r = 0; r < n; r++) {
        results[from + r] = finish(rows[from + r], r);
      }
    }

    private void encode(int n) {
      float[][] h = x;
      for (DenseLayer l : encoder) {
        float[][] dst = h == a ? b : a;
        DenseKernel.forward(l, h, dst, n, true, scratch);
        h = dst;
      }
      DenseKernel.forward(mu, h, muT, n, false, scratch);
      DenseKernel.forward(logVar, h, logVarT, n, false, scratch);
      java.util.Arrays.fill(kl, 0, n, 0);
      int latent = mu.out();
      for (int j = 0; j < latent; j++) {
        for (int r = 0; r < n; r++) {
          double lv = logVarT[j][r];
          double m = muT[j][r];
          kl[r] += 0.5 * (Math.exp(lv) + m * m - lv - 1);
          sigmaT[j][r] = (float) Math.exp(0.5 * lv);
        }
      }
    }

    /** All L samples of all rows through the decoder, then the sums the scores need. */
    private void decodeAll(int n) {
      int samples = eps.length;
      int items = n * samples;
      int latent = mu.out();
      for (int j = 0; j < latent; j++) {
        float[] zj = z[j];
        float[] m = muT[j];
        float[] sigma = sigmaT[j];
        for (int l = 0; l < samples; l++) {
          float e = eps[l][j];
          int base = l * n;
          for (int r = 0; r < n; r++) {
            zj[base + r] = m[r] + sigma[r] * e;
          }
        }
      }
      float[][] g = z;
      for (DenseLayer l : decoder) {
        float[][] dst = g == a ? b : a;
        DenseKernel.forward(l, g, dst, items, true, scratch);
        g = dst;
      }
      DenseKernel.forward(output, g, out, items, false, scratch);
      int width = layout.width();
      for (int c = 0; c < width; c++) {
        double[] sum = outSum[c];
        double[] sumSq = outSumSq[c];
        java.util.Arrays.fill(sum, 0, n, 0);
        java.util.Arrays.fill(sumSq, 0, n, 0);
        float[] oc = out[c];
        for (int l = 0; l < samples; l++) {
          int src = l * n;
          for (int r = 0; r < n; r++) {
            double v = oc[src + r];
            sum[r] += v;
            sumSq[r] += v * v;
          }
        }
      }
      categorical(n, items);
    }

    /**
     * Per categorical group and sample: the clamped logits' log-softmax, the negative
     * log-likelihood of the observed category, and the probabilities summed over the samples. Each
     * pass runs over all items of one column, so the exponentials ({@link Exp}, one per logit) go
     * through {@link VectorDense#exp} eight or sixteen at a time.
     */
    private void categorical(int n, int items) {
      int samples = eps.length;
      for (int i : categoricalBlocks) {
        int o = blockOffset[i];
        int w = blockWidth[i];
        // every clamped logit is >= -LOGIT_BOUND, so starting there gives the group's largest
        java.util.Arrays.fill(catMax, 0, items, -LOGIT_BOUND);
        for (int c = o; c < o + w; c++) {
          float[] oc = out[c];
          for (int t = 0; t < items; t++) {
            float v = Math.max(-LOGIT_BOUND, Math.min(LOGIT_BOUND, oc[t]));
            oc[t] = v;
            catMax[t] = Math.max(catMax[t], v);
          }
        }
        java.util.Arrays.fill(catTotal, 0, items, 0f);
        for (int c = o; c < o + w; c++) {
          float[] oc = out[c];
          float[] e = a[c - o];
          int done = DenseKernel.VECTOR ? VectorDense.exp(oc, catMax, e, catTotal, items) : 0;
          for (int t = done; t < items; t++) {
            e[t] = Exp.of(oc[t] - catMax[t]);
            catTotal[t] += e[t];
          }
        }
        for (int t = 0; t < items; t++) {
          catLogTotal[t] = catMax[t] + Math.log(catTotal[t]);
          catInvTotal[t] = 1.0 / catTotal[t];
        }
        double[] nll = catNll[i];
        java.util.Arrays.fill(nll, 0, n, 0);
        for (int c = o; c < o + w; c++) {
          float[] oc = out[c];
          float[] e = a[c - o];
          float[] xc = x[c];
          double[] ps = probSum[c];
          java.util.Arrays.fill(ps, 0, n, 0);
          for (int l = 0; l < samples; l++) {
            int base = l * n;
            for (int r = 0; r < n; r++) {
              int t = base + r;
              nll[r] -= xc[r] * (oc[t] - catLogTotal[t]);
              ps[r] += e[t] * catInvTotal[t];
            }
          }
        }
      }
    }

    private Score finish(float[] row, int r) {
      int blocks = blockOffset.length;
      double invL = 1.0 / eps.length;
      boolean bounded = bound.bounded();
      double recon = 0;
      double[] nll = new double[blocks];
      double[] surprise = new double[blocks];
      float[] expected = new float[blocks];
      for (int i = 0; i < blocks; i++) {
        int c = blockOffset[i];
        if (continuous[i]) {
          int k = varianceIndex[i];
          double mean = outSum[c][r] * invL;
          // E_l[(x - out_l)^2] = (x - mean)^2 + (E_l[out_l^2] - mean^2), both terms >= 0
          double spread = Math.max(0, outSumSq[c][r] * invL - mean * mean);
          double quad = 0.5 * ((row[c] - mean) * (row[c] - mean) + spread) * invVariance[k];
          surprise[i] = bounded ? bound.apply(i, quad) : quad;
          nll[i] = bounded ? surprise[i] : nllConstant[k] + quad;
          expected[i] = (float) mean;
        } else {
          nll[i] = catNll[i][r] * invL;
          if (bounded) {
            nll[i] = bound.apply(i, nll[i]);
          }
          surprise[i] = nll[i];
          int best = 0;
          for (int j = 1; j < blockWidth[i]; j++) {
            if (probSum[c + j][r] > probSum[c + best][r]) {
              best = j;
            }
          }
          expected[i] = best;
        }
        recon += nll[i];
      }
      double klTerm = bounded ? bound.applyKl(kl[r]) : kl[r];
      double value = recon + klTerm;
      double grade = calibration == null ? Double.NaN : calibration.grade(value);
      return Score.owning(value, recon, klTerm, grade, nll, surprise, expected);
    }
  }
}
