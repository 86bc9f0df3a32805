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
    Scratch s = new Scratch(maxWidth, layout.width(), mu.out(), blockOffset.length);
    for (int r = from; r < to; r++) {
      out[r] = scoreRow(rows[r], s);
    }
  }

  private Score scoreRow(float[] x, Scratch s) {
    float[] h = x;
    for (DenseLayer l : encoder) {
      float[] dst = h == s.a ? s.b : s.a;
      l.forward(h, 0, dst, 0);
      tanh(dst, l.out());
      h = dst;
    }
    mu.forward(h, 0, s.mu, 0);
    logVar.forward(h, 0, s.logVar, 0);
    int zDim = s.mu.length;
    double kl = 0;
    for (int j = 0; j < zDim; j++) {
      double lv = s.logVar[j];
      double m = s.mu[j];
      double e = Math.exp(lv);
      kl += e + m * m - lv - 1;
      s.sigma[j] = (float) Math.exp(0.5 * lv);
    }
    kl *= 0.5;
    s.clearAccumulators();
    for (float[] e : eps) {
      for (int j = 0; j < zDim; j++) {
        s.z[j] = s.mu[j] + s.sigma[j] * e[j];
      }
      float[] g = s.z;
      for (DenseLayer l : decoder) {
        float[] dst = g == s.a ? s.b : s.a;
        l.forward(g, 0, dst, 0);
        tanh(dst, l.out());
        g = dst;
      }
      output.forward(g, 0, s.out, 0);
      accumulate(x, s);
    }
    return finish(x, s, kl);
  }

  /** Adds one sample's per-block negative log-likelihood to the accumulators. */
  private void accumulate(float[] x, Scratch s) {
    float[] out = s.out;
    for (int i = 0; i < blockOffset.length; i++) {
      int o = blockOffset[i];
      if (continuous[i]) {
        int k = varianceIndex[i];
        double d = x[o] - out[o];
        double quad = 0.5 * d * d * invVariance[k];
        s.nll[i] += nllConstant[k] + quad;
        s.surprise[i] += quad;
        s.expected[i] += out[o];
      } else {
        int w = blockWidth[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = o; j < o + w; j++) {
          s.logit[j] = Math.max(-LOGIT_BOUND, Math.min(LOGIT_BOUND, out[j]));
          max = Math.max(max, s.logit[j]);
        }
        double sum = 0;
        for (int j = o; j < o + w; j++) {
          double p = Math.exp(s.logit[j] - max);
          s.prob[j] = p;
          sum += p;
        }
        double lse = max + Math.log(sum);
        double nll = 0;
        for (int j = o; j < o + w; j++) {
          nll += x[j] * (lse - s.logit[j]);
          s.probSum[j] += s.prob[j] / sum;
        }
        s.nll[i] += nll;
        s.surprise[i] += nll;
      }
    }
  }

  private Score finish(float[] x, Scratch s, double kl) {
    int n = blockOffset.length;
    double invL = 1.0 / eps.length;
    double recon = 0;
    double[] nll = new double[n];
    double[] surprise = new double[n];
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      nll[i] = s.nll[i] * invL;
      surprise[i] = s.surprise[i] * invL;
      recon += nll[i];
      if (continuous[i]) {
        expected[i] = (float) (s.expected[i] * invL);
      } else {
        int best = 0;
        for (int j = 1; j < blockWidth[i]; j++) {
          if (s.probSum[blockOffset[i] + j] > s.probSum[blockOffset[i] + best]) {
            best = j;
          }
        }
        expected[i] = best;
      }
    }
    double value = recon + kl;
    double grade = calibration == null ? Double.NaN : calibration.grade(value);
    return new Score(value, recon, kl, grade, nll, surprise, expected);
  }

  /**
   * tanh over the first {@code n} entries, in place: the 13th convergent of Lambert's continued
   * fraction {@code tanh x = x / (1 + x^2 / (3 + x^2 / (5 + ...)))}, a ratio of two polynomials in
   * x^2, on x clamped to [-9, 9]. Absolute error below 5e-7 in float; branch-free, so the JIT
   * vectorizes the loop (Math.exp would not be).
   */
  static void tanh(float[] v, int n) {
    for (int j = 0; j < n; j++) {
      v[j] = tanh(v[j]);
    }
  }

  static float tanh(float value) {
    float x = Math.max(-9f, Math.min(9f, value));
    float y = x * x;
    float p = ((((((P6 * y + P5) * y + P4) * y + P3) * y + P2) * y + P1) * y + 1f);
    float q = ((((((Q6 * y + Q5) * y + Q4) * y + Q3) * y + Q2) * y + Q1) * y + 1f);
    return x * p / q;
  }

  private static final double[][] TANH_FRACTION = lambertConvergent(13);
  private static final float P1 = (float) TANH_FRACTION[0][1];
  private static final float P2 = (float) TANH_FRACTION[0][2];
  private static final float P3 = (float) TANH_FRACTION[0][3];
  private static final float P4 = (float) TANH_FRACTION[0][4];
  private static final float P5 = (float) TANH_FRACTION[0][5];
  private static final float P6 = (float) TANH_FRACTION[0][6];
  private static final float Q1 = (float) TANH_FRACTION[1][1];
  private static final float Q2 = (float) TANH_FRACTION[1][2];
  private static final float Q3 = (float) TANH_FRACTION[1][3];
  private static final float Q4 = (float) TANH_FRACTION[1][4];
  private static final float Q5 = (float) TANH_FRACTION[1][5];
  private static final float Q6 = (float) TANH_FRACTION[1][6];

  /**
   * Coefficients (in powers of x^2, normalized to a constant term of 1) of numerator/x and
   * denominator of the {@code n}-th convergent, by the recurrence A_k = b_k A_(k-1) + x^2 A_(k-2)
   * with b_k = 2k - 1.
   */
  static double[][] lambertConvergent(int n) {
    int size = n / 2 + 1;
    double[] pPrev = new double[size];
    double[] qPrev = new double[size];
    double[] p = new double[size];
    double[] q = new double[size];
    qPrev[0] = 1;
    p[0] = 1;
    q[0] = 1;
    for (int k = 2; k <= n; k++) {
      double b = 2 * k - 1;
      double[] pNext = new double[size];
      double[] qNext = new double[size];
      for (int i = 0; i < size; i++) {
        pNext[i] = b * p[i] + (i > 0 ? pPrev[i - 1] : 0);
        qNext[i] = b * q[i] + (i > 0 ? qPrev[i - 1] : 0);
      }
      pPrev = p;
      qPrev = q;
      p = pNext;
      q = qNext;
    }
    double scale = q[0];
    for (int i = 0; i < size; i++) {
      p[i] /= scale;
      q[i] /= scale;
    }
    return new double[][] {p, q};
  }

  static double softplus(double v) {
    return v > 20 ? v : Math.log1p(Math.exp(v));
  }

  /** Per-thread working arrays, so that scoring allocates only its results. */
  private static final class Scratch {
    final float[] a;
    final float[] b;
    final float[] mu;
    final float[] logVar;
    final float[] sigma;
    final float[] z;
    final float[] out;
    final double[] prob;
    final float[] logit;
    final double[] probSum;
    final double[] nll;
    final double[] surprise;
    final double[] expected;

    Scratch(int maxWidth, int width, int latent, int blocks) {
      a = new float[maxWidth];
      b = new float[maxWidth];
      mu = new float[latent];
      logVar = new float[latent];
      sigma = new float[latent];
      z = new float[latent];
      out = new float[width];
      prob = new double[width];
      logit = new float[width];
      probSum = new double[width];
      nll = new double[blocks];
      surprise = new double[blocks];
      expected = new double[blocks];
    }

    void clearAccumulators() {
      java.util.Arrays.fill(probSum, 0);
      java.util.Arrays.fill(nll, 0);
      java.util.Arrays.fill(surprise, 0);
      java.util.Arrays.fill(expected, 0);
    }
  }
}
