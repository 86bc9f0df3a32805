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

  /** Fewest samples with which {@link #score(float[][], double)} screens. */
  public static final int MIN_SCREENED_SAMPLES = 8;

  /**
   * How far below {@code decideAt} a screening score must be to be kept: this many standard
   * deviations of its difference from the full score, {@code s * sqrt(1/k - 1/L)} after k of L
   * samples, with {@code s} the standard deviation of the row's per-sample scores so far.
   */
  public static final double SCREEN_SIGMAS = 6;

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
  private final int[] screenEnds;

  /**
   * Per input block, what a sample's surprise is multiplied by in the per-sample scores screening
   * estimates its Monte Carlo error from: 1 / the block's level when the score is bounded, else 1.
   * The bound compresses with slope at most 1 / level, so the spread of these is at least the
   * spread of the bounded surprises: screening errs towards scoring in full.
   */
  private final double[] perSampleScale;

  private final double screenSigmas;
  private final ConcurrentLinkedQueue<Block> idle = new ConcurrentLinkedQueue<>();

  /** A scorer with {@code samples} Monte Carlo samples and noise drawn from {@code seed}. */
  public VaeScorer(VaeModel model, int samples, long seed) {
    this(model, samples, seed, SCREEN_SIGMAS);
  }

  /**
   * As above, with screening margin {@code screenSigmas} instead of {@link #SCREEN_SIGMAS}: for
   * studies of the screening's trade-off (docs/BENCHMARKS.md).
   */
  public VaeScorer(VaeModel model, int samples, long seed, double screenSigmas) {
    if (!(screenSigmas >= 0)) {
      throw new IllegalArgumentException(
          "Invalid screening margin " + screenSigmas + ": must be >= 0");
    }
    this.screenSigmas = screenSigmas;
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
    this.screenEnds = screenEnds(samples);
    double[] levels = bound.levels();
    this.perSampleScale = new double[n];
    for (int i = 0; i < n; i++) {
      perSampleScale[i] = levels.length == 0 ? 1 : 1 / levels[i];
    }
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
    return score(rows, Double.NaN);
  }

  /**
   * Scores like {@link #score(float[][])}, but screens first when the scorer has at least {@link
   * #MIN_SCREENED_SAMPLES} samples: every row is scored with its first quarter of them, then the
   * rows still in question with the first half; a row whose score so far is below {@code decideAt}
   * by more than {@link #SCREEN_SIGMAS} standard deviations of its Monte Carlo error keeps that
   * score; every other row gets all L samples and exactly the score {@link #score(float[][])} gives
   * it. For a caller that only needs to know which rows are above {@code decideAt} (the service's
   * alert threshold) and the full score of those: most rows are far below it. The screening score
   * of a kept row is an estimate of the same negative ELBO with fewer samples (a larger Monte Carlo
   * error). NaN screens nothing.
   */
  @Override
  public Score[] score(float[][] rows, double decideAt) {
    int width = layout.width();
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != width) {
        throw new IllegalArgumentException(
            "Row " + r + " has " + rows[r].length + " columns; the model expects " + width);
      }
    }
    Score[] scores = new Score[rows.length];
    double screenBelow = screenEnds.length > 0 ? decideAt : Double.NaN;
    if (rows.length < 2 * PARALLEL_CHUNK) {
      scoreRange(rows, scores, 0, rows.length, screenBelow);
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
                      Math.min(rows.length, (c + 1) * PARALLEL_CHUNK),
                      screenBelow));
    }
    return scores;
  }

  private void scoreRange(float[][] rows, Score[] out, int from, int to, double screenBelow) {
    Block block = idle.poll();
    if (block == null) {
      block = new Block();
    }
    try {
      for (int r = from; r < to; r += BLOCK_ROWS) {
        block.score(rows, r, Math.min(to, r + BLOCK_ROWS), out, screenBelow);
      }
    } finally {
      idle.offer(block);
    }
  }

  /**
   * After how many samples screening decides: a quarter (at least four) and half of L, each once;
   * none below {@link #MIN_SCREENED_SAMPLES}.
   */
  static int[] screenEnds(int samples) {
    if (samples < MIN_SCREENED_SAMPLES) {
      return new int[0];
    }
    int quarter = Math.max(4, samples / 4);
    int half = samples / 2;
    return half > quarter ? new int[] {quarter, half} : new int[] {quarter};
  }

  static double softplus(double v) {
    return v > 20 ? v : Math.log1p(Math.exp(v));
  }

  /**
   * Working arrays for up to {@link #BLOCK_ROWS} rows, stored feature-major: one array per feature
   * holding it for every item, so each dense layer is a run of long loops over the items that the
   * JIT vectorizes ({@link DenseKernel}). The decoder runs over a range of samples of all rows at
   * once: item {@code l * rows + r}. Sums over the samples are kept per row and added to sample by
   * sample in order, so a row scored in two passes (screening, then the rest of its samples) gets
   * the same bits as in one. Blocks are reused across calls (a pool of idle blocks per scorer):
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
    private final double[] itemNll;
    private final double[] itemScore;
    private final double[] perSum = new double[BLOCK_ROWS];
    private final double[] perSumSq = new double[BLOCK_ROWS];
    private final int[] at = new int[BLOCK_ROWS];
    private final int[] keep = new int[BLOCK_ROWS];
    private final float[] scratch = new float[maxWidth];
    private final double[] blockNll = new double[blockOffset.length];
    private final double[] blockSurprise = new double[blockOffset.length];
    private double blockRecon;
    private double blockKl;

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
      int screenItems = screenEnds.length == 0 ? 0 : BLOCK_ROWS * eps.length / 2;
      itemNll = new double[screenItems];
      itemScore = new double[screenItems];
    }

    void score(float[][] rows, int from, int to, Score[] results, double screenBelow) {
      int n = to - from;
      int width = layout.width();
      for (int r = 0; r < n; r++) {
        float[] row = rows[from + r];
        for (int c = 0; c < width; c++) {
          x[c][r] = row[c];
        }
      }
      encode(n);
      int samples = eps.length;
      if (Double.isNaN(screenBelow)) {
        decode(n, 0, samples, false);
        for (int r = 0; r < n; r++) {
          results[from + r] = finish(rows[from + r], r, samples);
        }
        return;
      }
      // row j of the working arrays is row rows[from + at[j]]
      int m = n;
      for (int r = 0; r < n; r++) {
        at[r] = r;
      }
      java.util.Arrays.fill(perSum, 0, n, 0);
      java.util.Arrays.fill(perSumSq, 0, n, 0);
      int done = 0;
      for (int end : screenEnds) {
        decode(m, done, end, true);
        done = end;
        double spread = screenSigmas * Math.sqrt(1.0 / end - 1.0 / samples);
        int left = 0;
        for (int j = 0; j < m; j++) {
          double v = value(rows[from + at[j]], j, end);
          double var = (perSumSq[j] - perSum[j] * perSum[j] / end) / (end - 1);
          if (v + spread * Math.sqrt(Math.max(0, var)) < screenBelow) {
            results[from + at[j]] = finish(rows[from + at[j]], j, end, v);
          } else {
            keep[left++] = j;
          }
        }
        if (left == 0) {
          return;
        }
        compact(left);
        m = left;
      }
      decode(m, done, samples, false);
      for (int j = 0; j < m; j++) {
        results[from + at[j]] = finish(rows[from + at[j]], j, samples);
      }
    }

    /**
     * Keeps the per-row state of working rows {@code keep[0..m)} as rows {@code 0..m)}, in order.
     */
    private void compact(int m) {
      for (int j = 0; j < m; j++) {
        int r = keep[j];
        at[j] = at[r];
        if (r == j) {
          continue;
        }
        for (float[] col : x) {
          col[j] = col[r];
        }
        for (int k = 0; k < muT.length; k++) {
          muT[k][j] = muT[k][r];
          sigmaT[k][j] = sigmaT[k][r];
        }
        for (int c = 0; c < outSum.length; c++) {
          outSum[c][j] = outSum[c][r];
          outSumSq[c][j] = outSumSq[c][r];
          probSum[c][j] = probSum[c][r];
        }
        for (double[] nll : catNll) {
          nll[j] = nll[r];
        }
        kl[j] = kl[r];
        perSum[j] = perSum[r];
        perSumSq[j] = perSumSq[r];
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

    /**
     * Samples {@code [first, last)} of rows {@code 0..n)} through the decoder, added to the sums
     * the scores need (from zero when {@code first} is 0). With {@code perSampleSums} set, each
     * sample's score (its bounded surprises summed over the blocks) is added to the row's {@code
     * perSum}, and its square to {@code perSumSq}.
     */
    private void decode(int n, int first, int last, boolean perSampleSums) {
      int samples = last - first;
      int items = n * samples;
      int latent = mu.out();
      for (int j = 0; j < latent; j++) {
        float[] zj = z[j];
        float[] m = muT[j];
        float[] sigma = sigmaT[j];
        for (int l = 0; l < samples; l++) {
          float e = eps[first + l][j];
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
        if (first == 0) {
          java.util.Arrays.fill(sum, 0, n, 0);
          java.util.Arrays.fill(sumSq, 0, n, 0);
        }
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
      double[] perSample = perSampleSums ? itemScore : null;
      if (perSampleSums) {
        java.util.Arrays.fill(itemScore, 0, items, 0);
        continuousPerSample(n, samples, itemScore);
      }
      categorical(n, samples, first == 0, perSample);
      if (perSampleSums) {
        for (int l = 0; l < samples; l++) {
          int base = l * n;
          for (int r = 0; r < n; r++) {
            double v = itemScore[base + r];
            perSum[r] += v;
            perSumSq[r] += v * v;
          }
        }
      }
    }

    /** Adds each item's scaled surprise of every continuous block to {@code perSample}. */
    private void continuousPerSample(int n, int samples, double[] perSample) {
      for (int i = 0; i < blockOffset.length; i++) {
        if (!continuous[i]) {
          continue;
        }
        int c = blockOffset[i];
        float[] oc = out[c];
        float[] xc = x[c];
        double half = 0.5 * invVariance[varianceIndex[i]];
        for (int l = 0; l < samples; l++) {
          int base = l * n;
          for (int r = 0; r < n; r++) {
            double d = xc[r] - oc[base + r];
            double q = half * d * d;
            perSample[base + r] += q * perSampleScale[i];
          }
        }
      }
    }

    /**
     * Per categorical group and sample: the clamped logits' log-softmax, the negative
     * log-likelihood of the observed category, and the probabilities summed over the samples (from
     * zero when {@code reset} is set). Each pass runs over all items of one column, so the
     * exponentials ({@link Exp}, one per logit) go through {@link VectorDense#exp} eight or sixteen
     * at a time. With {@code perSample} set, each item's scaled -log p of the group goes there too.
     */
    private void categorical(int n, int samples, boolean reset, double[] perSample) {
      int items = n * samples;
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
        if (reset) {
          java.util.Arrays.fill(nll, 0, n, 0);
        }
        if (perSample != null) {
          java.util.Arrays.fill(itemNll, 0, items, 0);
        }
        for (int c = o; c < o + w; c++) {
          float[] oc = out[c];
          float[] e = a[c - o];
          float[] xc = x[c];
          double[] ps = probSum[c];
          if (reset) {
            java.util.Arrays.fill(ps, 0, n, 0);
          }
          for (int l = 0; l < samples; l++) {
            int base = l * n;
            for (int r = 0; r < n; r++) {
              int t = base + r;
              double term = xc[r] * (oc[t] - catLogTotal[t]);
              nll[r] -= term;
              ps[r] += e[t] * catInvTotal[t];
              if (perSample != null) {
                itemNll[t] -= term;
              }
            }
          }
        }
        if (perSample != null) {
          for (int t = 0; t < items; t++) {
            perSample[t] += itemNll[t] * perSampleScale[i];
          }
        }
      }
    }

    /** Row {@code r}'s score from its sums over {@code samples} samples. */
    private Score finish(float[] row, int r, int samples) {
      return finish(row, r, samples, value(row, r, samples));
    }

    /**
     * Row {@code r}'s score from its sums over {@code samples} samples: the value, and per block
     * its negative log-likelihood and surprise in {@code blockNll} and {@code blockSurprise}.
     */
    private double value(float[] row, int r, int samples) {
      int blocks = blockOffset.length;
      double invL = 1.0 / samples;
      boolean bounded = bound.bounded();
      double recon = 0;
      for (int i = 0; i < blocks; i++) {
        int c = blockOffset[i];
        if (continuous[i]) {
          int k = varianceIndex[i];
          double mean = outSum[c][r] * invL;
          // E_l[(x - out_l)^2] = (x - mean)^2 + (E_l[out_l^2] - mean^2), both terms >= 0
          double spread = Math.max(0, outSumSq[c][r] * invL - mean * mean);
          double quad = 0.5 * ((row[c] - mean) * (row[c] - mean) + spread) * invVariance[k];
          blockSurprise[i] = bounded ? bound.apply(i, quad) : quad;
          blockNll[i] = bounded ? blockSurprise[i] : nllConstant[k] + quad;
        } else {
          double nll = catNll[i][r] * invL;
          blockNll[i] = bounded ? bound.apply(i, nll) : nll;
          blockSurprise[i] = blockNll[i];
        }
        recon += blockNll[i];
      }
      blockRecon = recon;
      blockKl = bounded ? bound.applyKl(kl[r]) : kl[r];
      return recon + blockKl;
    }

    /** The score of row {@code r} whose {@link #value} was the last computed. */
    private Score finish(float[] row, int r, int samples, double value) {
      int blocks = blockOffset.length;
      double invL = 1.0 / samples;
      float[] expected = new float[blocks];
      for (int i = 0; i < blocks; i++) {
        int c = blockOffset[i];
        if (continuous[i]) {
          expected[i] = (float) (outSum[c][r] * invL);
        } else {
          int best = 0;
          for (int j = 1; j < blockWidth[i]; j++) {
            if (probSum[c + j][r] > probSum[c + best][r]) {
              best = j;
            }
          }
          expected[i] = best;
        }
      }
      double grade = calibration == null ? Double.NaN : calibration.grade(value);
      return Score.owning(
          value,
          blockRecon,
          blockKl,
          grade,
          blockNll.clone(),
          blockSurprise.clone(),
          expected,
          samples);
    }
  }
}
