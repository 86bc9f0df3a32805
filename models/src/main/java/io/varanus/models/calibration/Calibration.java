package io.varanus.models.calibration;

import java.util.Arrays;

/**
 * Where normal scores lie: a threshold at a target false-positive rate and the empirical
 * distribution of held-out normal scores, kept as sorted order statistics, that turns a score into
 * a grade 0-100 (the percentage of normal scores below it).
 *
 * @param targetFpr the false-positive rate the threshold was chosen for
 * @param threshold scores above it are anomalous
 * @param quantiles sorted normal scores (at most {@link #MAX_POINTS}, evenly spaced order
 *     statistics when there were more)
 * @param sampleSize how many normal scores the calibration saw
 */
public record Calibration(double targetFpr, double threshold, double[] quantiles, int sampleSize) {

  public static final int MAX_POINTS = 20_001;

  public Calibration {
    if (!(targetFpr > 0 && targetFpr < 1)) {
      throw new IllegalArgumentException(
          "Invalid target false-positive rate " + targetFpr + ": must be in (0, 1)");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("Invalid threshold " + threshold + ": must be finite");
    }
    if (quantiles.length < 2) {
      throw new IllegalArgumentException(
          "A calibration needs at least 2 normal scores, got " + quantiles.length);
    }
    quantiles = quantiles.clone();
    for (int i = 0; i < quantiles.length; i++) {
      if (!Double.isFinite(quantiles[i]) || (i > 0 && quantiles[i] < quantiles[i - 1])) {
        throw new IllegalArgumentException(
            "Calibration quantiles must be finite and sorted; entry " + i + " is " + quantiles[i]);
      }
    }
  }

  /**
   * Calibrates on scores of held-out normal rows. The threshold is the {@code ceil((n + 1)(1 -
   * targetFpr))}-th smallest of the n scores: a new normal score exchangeable with them exceeds it
   * with probability at most {@code targetFpr} (the split-conformal quantile), where the plain
   * empirical quantile exceeds the target by up to 1/(n + 1). When n is too small for that rank
   * (fewer than {@code 1 / targetFpr - 1} scores) the threshold comes from a fit of the tail,
   * {@link #tailThreshold}, and is at least the largest score.
   */
  public static Calibration fit(double[] normalScores, double targetFpr) {
    if (normalScores.length < 2) {
      throw new IllegalArgumentException(
          "Cannot calibrate on " + normalScores.length + " normal scores: need at least 2");
    }
    double[] sorted = normalScores.clone();
    Arrays.sort(sorted);
    for (double s : sorted) {
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("Cannot calibrate on a non-finite score: " + s);
      }
    }
    double threshold = threshold(sorted, targetFpr);
    double[] points = sorted;
    if (sorted.length > MAX_POINTS) {
      points = new double[MAX_POINTS];
      for (int i = 0; i < MAX_POINTS; i++) {
        points[i] = quantile(sorted, i / (double) (MAX_POINTS - 1));
      }
    }
    return new Calibration(targetFpr, threshold, points, normalScores.length);
  }

  @Override
  public double[] quantiles() {
    return quantiles.clone();
  }

  /** Percentage (0-100) of normal scores at or below {@code score}, interpolated. */
  public double grade(double score) {
    int n = quantiles.length;
    if (Double.isNaN(score)) {
      return Double.NaN;
    }
    if (score < quantiles[0]) {
      return 0;
    }
    if (score >= quantiles[n - 1]) {
      return 100;
    }
    int i = Arrays.binarySearch(quantiles, score);
    if (i >= 0) {
      while (i + 1 < n && quantiles[i + 1] == score) {
        i++;
      }
      return 100.0 * i / (n - 1);
    }
    int hi = -i - 1;
    int lo = hi - 1;
    double f = (score - quantiles[lo]) / (quantiles[hi] - quantiles[lo]);
    return 100.0 * (lo + f) / (n - 1);
  }

  public boolean isAnomalous(double score) {
    return score > threshold;
  }

  /** The threshold of {@link #fit} on sorted, finite scores. */
  static double threshold(double[] sorted, double targetFpr) {
    int n = sorted.length;
    // 1e-9: (n + 1)(1 - fpr) is an integer for many n, and floating point may land just above it
    double rank = Math.ceil((n + 1) * (1 - targetFpr) - 1e-9);
    if (rank <= n) {
      return sorted[(int) rank - 1];
    }
    return tailThreshold(sorted, targetFpr);
  }

  /**
   * The (1 - targetFpr) quantile extrapolated beyond the scores by an exponential tail (peaks over
   * threshold, generalized Pareto with shape 0, which needs no shape estimate from a handful of
   * points): over {@code u}, the largest score below the top tenth (at least 5 scores), exceedances
   * are taken as exponential with their mean {@code beta}, and {@code P(S > u) = m / (n + 1)} for
   * the m scores above u. Never below the largest score.
   */
  static double tailThreshold(double[] sorted, double targetFpr) {
    int n = sorted.length;
    int m = Math.min(n - 1, Math.max(5, n / 10));
    double u = sorted[n - 1 - m];
    double beta = 0;
    for (int i = n - m; i < n; i++) {
      beta += sorted[i] - u;
    }
    beta /= m;
    double tail = m / (double) (n + 1);
    double t = u + beta * Math.log(tail / targetFpr);
    return Math.max(sorted[n - 1], t);
  }

  /** Linear-interpolation quantile (type 7) of a sorted array. */
  static double quantile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Calibration c
        && Double.compare(targetFpr, c.targetFpr) == 0
        && Double.compare(threshold, c.threshold) == 0
        && sampleSize == c.sampleSize
        && Arrays.equals(quantiles, c.quantiles);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(threshold) * 31 + Arrays.hashCode(quantiles);
  }

  @Override
  public String toString() {
    return "Calibration[targetFpr="
        + targetFpr
        + ", threshold="
        + threshold
        + ", n="
        + sampleSize
        + "]";
  }
}
