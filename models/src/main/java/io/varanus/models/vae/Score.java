package io.varanus.models.vae;

import java.util.Arrays;

/**
 * The anomaly score of one row: the negative ELBO {@code value = reconstruction + kl}, its grade
 * 0-100 against calibrated normal scores (NaN when the model is not calibrated), and per input
 * block the explanation of the reconstruction term.
 *
 * @param blockNll each block's share of the reconstruction term, -log p(x_block|z) averaged over
 *     the Monte Carlo samples; they sum to {@code reconstruction}
 * @param blockSurprise each block's non-negative excess over its best possible fit: half the
 *     squared standardized error for a continuous block, -log p(observed category) for a group;
 *     shares of an alert are these over their sum
 * @param blockExpected what the decoder expected: the mean for a continuous block (input units),
 *     the index of the most probable category for a group
 * @param samples how many Monte Carlo samples the score averages: the scorer's L, or fewer for a
 *     row screened out below a decision ({@link VaeScorer#score(float[][], double)}); 0 for a score
 *     not made by a scorer
 */
public final class Score {

  private final double value;
  private final double reconstruction;
  private final double kl;
  private final double grade;
  private final double[] blockNll;
  private final double[] blockSurprise;
  private final float[] blockExpected;
  private final int samples;

  private Score(
      double value,
      double reconstruction,
      double kl,
      double grade,
      double[] blockNll,
      double[] blockSurprise,
      float[] blockExpected,
      int samples) {
    this.value = value;
    this.reconstruction = reconstruction;
    this.kl = kl;
    this.grade = grade;
    this.blockNll = blockNll;
    this.blockSurprise = blockSurprise;
    this.blockExpected = blockExpected;
    this.samples = samples;
  }

  /** A score holding copies of the arrays. */
  public static Score of(
      double value,
      double reconstruction,
      double kl,
      double grade,
      double[] blockNll,
      double[] blockSurprise,
      float[] blockExpected) {
    return new Score(
        value,
        reconstruction,
        kl,
        grade,
        blockNll.clone(),
        blockSurprise.clone(),
        blockExpected.clone(),
        0);
  }

  /** For the scorer: a score that owns freshly allocated arrays (no copies per row). */
  static Score owning(
      double value,
      double reconstruction,
      double kl,
      double grade,
      double[] blockNll,
      double[] blockSurprise,
      float[] blockExpected,
      int samples) {
    return new Score(
        value, reconstruction, kl, grade, blockNll, blockSurprise, blockExpected, samples);
  }

  public double value() {
    return value;
  }

  public double reconstruction() {
    return reconstruction;
  }

  public double kl() {
    return kl;
  }

  public double grade() {
    return grade;
  }

  public double[] blockNll() {
    return blockNll.clone();
  }

  public double[] blockSurprise() {
    return blockSurprise.clone();
  }

  public float[] blockExpected() {
    return blockExpected.clone();
  }

  /** How many Monte Carlo samples the score averages (0: not made by a scorer). */
  public int samples() {
    return samples;
  }

  /** Block {@code i}'s share (0-1) of the total surprise. */
  public double share(int i) {
    double sum = 0;
    for (double s : blockSurprise) {
      sum += s;
    }
    return sum > 0 ? blockSurprise[i] / sum : 0;
  }

  /** Block indexes ordered by decreasing surprise. */
  public int[] ranking() {
    Integer[] idx = new Integer[blockSurprise.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(blockSurprise[b], blockSurprise[a]));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Score s
        && Double.compare(value, s.value) == 0
        && Double.compare(reconstruction, s.reconstruction) == 0
        && Double.compare(kl, s.kl) == 0
        && Double.compare(grade, s.grade) == 0
        && samples == s.samples
        && Arrays.equals(blockNll, s.blockNll)
        && Arrays.equals(blockSurprise, s.blockSurprise)
        && Arrays.equals(blockExpected, s.blockExpected);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(value) * 31 + Arrays.hashCode(blockNll);
  }

  @Override
  public String toString() {
    return "Score[value="
        + value
        + ", recon="
        + reconstruction
        + ", kl="
        + kl
        + ", samples="
        + samples
        + "]";
  }
}
