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

  /** The least level a bound can hold, in nats (what {@link #fit} floors at is its argument). */
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
   * on: per block and for the KL term, the largest value, but at least {@code floor} nats.
   *
   * <p>The floor keeps a term the model always fits closely from being scaled up. A feature that is
   * constant in normal rows reaches a largest surprise of some thousandths of a nat, which is the
   * decoder's noise around the constant; divided by that, the same noise on every later row counts
   * as much as a feature's most unusual normal value and adds a level or so to every score, where
   * informative features reach several nats. With the floor such a term adds next to nothing until
   * the value itself changes, and a changed value still stands out by ten or more levels.
   *
   * @param floor least level in nats, at least {@link #MIN_LEVEL}
   */
  public static SurpriseBound fit(double knee, double floor, Score[] normal, int blocks) {
    if (!(floor >= MIN_LEVEL) || Double.isInfinite(floor)) {
      throw new IllegalArgumentException(
          "Invalid level floor " + floor + ": must be >= " + MIN_LEVEL + " and finite");
    }
    double[] levels = new double[blocks];
    Arrays.fill(levels, floor);
    double kl = floor;
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
