package io.varanus.models.vae;

import java.util.Arrays;

/**
 * Puts every feature's surprise on one scale and bounds what one feature can add to a score.
 *
 * <p>Each input block's surprise (half the squared standardized error of a continuous feature, -log
 * p of a group's observed category) and the KL term are divided by their level: the largest value
 * they reached on normal rows the model did not train on. A feature that is routinely surprising in
 * normal traffic then weighs no more than one that never is, and a value at 1 is as unusual for its
 * feature as the most unusual normal row was. Up to {@code knee} levels a term counts fully, beyond
 * it as {@code knee + log(1 + x - knee)}, the shape of a heavy-tailed likelihood with the same
 * value and slope at the knee: a value never seen in training of a feature that was constant there
 * stands out by some ten or twenty levels instead of millions of nats, and rows that share it are
 * still ranked by their other features.
 *
 * @param knee where compression starts, in levels; {@code +Infinity} for none
 * @param levels per input block, the divisor of its surprise (each at least {@link #MIN_LEVEL});
 *     empty for none (every level 1)
 * @param klLevel the divisor of the KL term
 */
public record SurpriseBound(double knee, double[] levels, double klLevel) {

  /** Levels below this many nats count as this: a feature constant in normal rows. */
  public static final double MIN_LEVEL = 1e-3;

  /** No bound and no levels: the negative ELBO as it is. */
  public static final SurpriseBound NONE =
      new SurpriseBound(Double.POSITIVE_INFINITY, new double[0], 1);

  public SurpriseBound {
    if (!(knee > 0)) {
      throw new IllegalArgumentException(
          "Invalid surprise knee " + knee + ": must be > 0 (or infinite for no bound)");
    }
    levels = levels.clone();
    for (int i = 0; i < levels.length; i++) {
      if (!(levels[i] >= MIN_LEVEL) || Double.isInfinite(levels[i])) {
        throw new IllegalArgumentException(
            "Invalid surprise level " + levels[i] + " of block " + i + ": must be >= " + MIN_LEVEL);
      }
    }
    if (!(klLevel >= MIN_LEVEL) || Double.isInfinite(klLevel)) {
      throw new IllegalArgumentException(
          "Invalid KL level " + klLevel + ": must be >= " + MIN_LEVEL);
    }
  }

  /**
   * A bound at {@code knee} with levels from the surprises of normal rows the model did not train
   * on: per block and for the KL term, the largest value, floored at {@link #MIN_LEVEL}.
   */
  public static SurpriseBound fit(double knee, Score[] normal, int blocks) {
    double[] levels = new double[blocks];
    Arrays.fill(levels, MIN_LEVEL);
    double kl = MIN_LEVEL;
    for (Score s : normal) {
      double[] surprise = s.blockSurprise();
      for (int i = 0; i < blocks; i++) {
        levels[i] = Math.max(levels[i], surprise[i]);
      }
      kl = Math.max(kl, s.kl());
    }
    return new SurpriseBound(knee, levels, kl);
  }

  public boolean bounded() {
    return Double.isFinite(knee) || levels.length > 0;
  }

  @Override
  public double[] levels() {
    return levels.clone();
  }

  /** The bounded surprise of block {@code block} whose plain surprise is {@code q >= 0}. */
  public double apply(int block, double q) {
    return compress(levels.length == 0 ? q : q / levels[block]);
  }

  /** The bounded KL term. */
  public double applyKl(double kl) {
    return compress(kl / klLevel);
  }

  /** {@code x} up to the knee, logarithmic beyond. */
  public double compress(double x) {
    return x <= knee ? x : knee + Math.log1p(x - knee);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SurpriseBound b
        && Double.compare(knee, b.knee) == 0
        && Double.compare(klLevel, b.klLevel) == 0
        && Arrays.equals(levels, b.levels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Double.hashCode(knee) + Double.hashCode(klLevel)) + Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return "SurpriseBound[knee="
        + knee
        + ", levels="
        + Arrays.toString(levels)
        + ", klLevel="
        + klLevel
        + "]";
  }
}
