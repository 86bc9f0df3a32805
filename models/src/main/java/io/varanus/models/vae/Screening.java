package io.varanus.models.vae;

/**
 * The screening rule of {@link VaeScorer#score(float[][], double)}: after how many samples it
 * decides, and whether a row's score so far is clearly below the decision. A row is kept when its
 * score is below {@code decideAt} by more than {@code sigmas} standard deviations of its difference
 * from the full score, {@code s * sqrt(1/k - 1/L)} after k of L samples, with {@code s} the
 * standard deviation of its per-sample scores so far.
 */
final class Screening {

  private final int samples;
  private final int[] ends;
  private final double sigmas;

  /**
   * Per input block, what a sample's surprise is multiplied by in the per-sample scores the Monte
   * Carlo error is estimated from: 1 / the block's level when the score is bounded, else 1. The
   * bound compresses with slope at most 1 / level, so the spread of these is at least the spread of
   * the bounded surprises: screening errs towards scoring in full.
   */
  private final double[] scale;

  Screening(int samples, SurpriseBound bound, int blocks, double sigmas) {
    if (!(sigmas >= 0)) {
      throw new IllegalArgumentException("Invalid screening margin " + sigmas + ": must be >= 0");
    }
    this.samples = samples;
    this.ends = ends(samples);
    this.sigmas = sigmas;
    double[] levels = bound.levels();
    this.scale = new double[blocks];
    for (int i = 0; i < blocks; i++) {
      scale[i] = levels.length == 0 ? 1 : 1 / levels[i];
    }
  }

  /**
   * After how many samples screening decides: a quarter (at least four) and half of L, each once;
   * none below {@link VaeScorer#MIN_SCREENED_SAMPLES}.
   */
  static int[] ends(int samples) {
    if (samples < VaeScorer.MIN_SCREENED_SAMPLES) {
      return new int[0];
    }
    int quarter = Math.max(4, samples / 4);
    int half = samples / 2;
    return half > quarter ? new int[] {quarter, half} : new int[] {quarter};
  }

  boolean screens() {
    return ends.length > 0;
  }

  int[] ends() {
    return ends;
  }

  double scale(int block) {
    return scale[block];
  }

  /**
   * Whether a row scoring {@code value} after {@code k} samples, whose per-sample scores sum to
   * {@code sum} and their squares to {@code sumSq}, is clearly below {@code decideAt}.
   */
  boolean keeps(double value, double sum, double sumSq, int k, double decideAt) {
    double var = Math.max(0, (sumSq - sum * sum / k) / (k - 1));
    return value + sigmas * Math.sqrt((1.0 / k - 1.0 / samples) * var) < decideAt;
  }
}
