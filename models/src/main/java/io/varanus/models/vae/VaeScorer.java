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
  static final float LOGIT_BOUND = io.varanus.models.vae.internal.VaeGraph.LOGIT_BOUND;

  final InputLayout layout;
  final DenseLayer[] encoder;
  final DenseLayer mu;
  final DenseLayer logVar;
  final DenseLayer[] decoder;
  final DenseLayer output;
  final float[][] eps;
  final int[] blockOffset;
  final int[] blockWidth;
  final boolean[] continuous;
  final int[] varianceIndex;
  final int[] categoricalBlocks;
  final double[] invVariance;
  final double[] nllConstant;
  final Calibration calibration;
  final SurpriseBound bound;
  final int maxWidth;
  final Screening screening;
  private final ConcurrentLinkedQueue<ScoringBlock> idle = new ConcurrentLinkedQueue<>();

  /** A scorer with {@code samples} Monte Carlo samples and noise drawn from {@code seed}. */
  public VaeScorer(VaeModel model, int samples, long seed) {
    this(model, samples, seed, SCREEN_SIGMAS);
  }

  /**
   * As above, with screening margin {@code screenSigmas} instead of {@link #SCREEN_SIGMAS}: for
   * studies of the screening's trade-off (docs/BENCHMARKS.md).
   */
  public VaeScorer(VaeModel model, int samples, long seed, double screenSigmas) {
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
    this.screening = new Screening(samples, bound, n, screenSigmas);
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
    double screenBelow = screening.screens() ? decideAt : Double.NaN;
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
    ScoringBlock block = idle.poll();
    if (block == null) {
      block = new ScoringBlock(this);
    }
    try {
      for (int r = from; r < to; r += BLOCK_ROWS) {
        block.score(rows, r, Math.min(to, r + BLOCK_ROWS), out, screenBelow);
      }
    } finally {
      idle.offer(block);
    }
  }

  static double softplus(double v) {
    return v > 20 ? v : Math.log1p(Math.exp(v));
  }
}
