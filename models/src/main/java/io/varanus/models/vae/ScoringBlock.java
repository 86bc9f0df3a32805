package io.varanus.models.vae;

import io.varanus.models.calibration.Calibration;
import java.util.Arrays;

/**
 * Working arrays for up to {@link VaeScorer#BLOCK_ROWS} rows, stored feature-major: one array per
 * feature holding it for every item, so each dense layer is a run of long loops over the items that
 * the JIT vectorizes ({@link DenseKernel}). The decoder runs over a range of samples of all rows at
 * once: item {@code l * rows + r}. Sums over the samples are kept per row and added to sample by
 * sample in order, so a row scored in two passes (screening, then the rest of its samples) gets the
 * same bits as in one. Blocks are reused across calls (a pool of idle blocks per scorer): fresh
 * arrays of this size cost more than scoring a small batch.
 */
final class ScoringBlock {

  private static final int BLOCK_ROWS = VaeScorer.BLOCK_ROWS;

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
  private final SurpriseBound bound;
  private final Screening screening;

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
  private final double[] itemScore;
  private final CategoricalGroups groups;
  private final double[] perSum = new double[BLOCK_ROWS];
  private final double[] perSumSq = new double[BLOCK_ROWS];
  private final int[] at = new int[BLOCK_ROWS];
  private final int[] keep = new int[BLOCK_ROWS];
  private final float[] scratch;
  private final double[] blockNll;
  private final double[] blockSurprise;
  private double blockRecon;
  private double blockKl;

  ScoringBlock(VaeScorer scorer) {
    this.layout = scorer.layout;
    this.encoder = scorer.encoder;
    this.mu = scorer.mu;
    this.logVar = scorer.logVar;
    this.decoder = scorer.decoder;
    this.output = scorer.output;
    this.eps = scorer.eps;
    this.blockOffset = scorer.blockOffset;
    this.blockWidth = scorer.blockWidth;
    this.continuous = scorer.continuous;
    this.varianceIndex = scorer.varianceIndex;
    this.invVariance = scorer.invVariance;
    this.nllConstant = scorer.nllConstant;
    this.calibration = scorer.calibration;
    this.bound = scorer.bound;
    this.screening = scorer.screening;
    int maxWidth = scorer.maxWidth;
    scratch = new float[maxWidth];
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
    int screenItems = screening.screens() ? BLOCK_ROWS * eps.length / 2 : 0;
    itemScore = new double[screenItems];
    groups = new CategoricalGroups(scorer, items, screenItems);
    blockNll = new double[blockOffset.length];
    blockSurprise = new double[blockOffset.length];
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
    Arrays.fill(perSum, 0, n, 0);
    Arrays.fill(perSumSq, 0, n, 0);
    int done = 0;
    for (int end : screening.ends()) {
      decode(m, done, end, true);
      done = end;
      int left = 0;
      for (int j = 0; j < m; j++) {
        double v = value(rows[from + at[j]], j, end);
        if (screening.keeps(v, perSum[j], perSumSq[j], end, screenBelow)) {
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

  /** Keeps the per-row state of working rows {@code keep[0..m)} as rows {@code 0..m)}, in order. */
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
    Arrays.fill(kl, 0, n, 0);
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
   * Samples {@code [first, last)} of rows {@code 0..n)} through the decoder, added to the sums the
   * scores need (from zero when {@code first} is 0). With {@code perSampleSums} set, each sample's
   * score (its bounded surprises summed over the blocks) is added to the row's {@code perSum}, and
   * its square to {@code perSumSq}.
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
        Arrays.fill(sum, 0, n, 0);
        Arrays.fill(sumSq, 0, n, 0);
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
      Arrays.fill(itemScore, 0, items, 0);
      continuousPerSample(n, samples, itemScore);
    }
    groups.add(out, x, a, catNll, probSum, n, samples, first == 0, perSample);
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
          perSample[base + r] += q * screening.scale(i);
        }
      }
    }
  }

  /** Row {@code r}'s score from its sums over {@code samples} samples. */
  private Score finish(float[] row, int r, int samples) {
    return finish(row, r, samples, value(row, r, samples));
  }

  /**
   * Row {@code r}'s score from its sums over {@code samples} samples: the value, and per block its
   * negative log-likelihood and surprise in {@code blockNll} and {@code blockSurprise}.
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
