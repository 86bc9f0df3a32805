package io.varanus.engine.config;

import io.varanus.models.vae.Score;
import io.varanus.models.vae.SurpriseBound;

/**
 * How scores are bounded and where the threshold is calibrated.
 *
 * @param surpriseKnee where one continuous feature's surprise stops counting fully and grows
 *     logarithmically ({@link SurpriseBound}); half a squared standardized error, so 8 is a
 *     residual of 4 predicted standard deviations
 * @param levelFloor the least level of a feature's surprise and of the KL term, in nats: a term
 *     whose largest value on normal rows the model did not train on stays below this (a feature
 *     constant there, reconstructed to the decoder's noise) is divided by this instead, so its
 *     noise is not scaled up to weigh like an informative feature's most unusual value
 * @param calibrationFraction the latest share of the training rows (in input order, which is time
 *     order for a log) kept out of training and used only to calibrate the threshold, so that the
 *     threshold is measured on rows later than those the model learnt from; 0 calibrates on the
 *     model's random validation split instead
 */
public record ScoringConfig(double surpriseKnee, double levelFloor, double calibrationFraction) {

  public static final double DEFAULT_KNEE = 2;
  public static final double DEFAULT_LEVEL_FLOOR = 1;
  public static final double DEFAULT_CALIBRATION_FRACTION = 0.2;

  public static ScoringConfig defaults() {
    return new ScoringConfig(DEFAULT_KNEE, DEFAULT_LEVEL_FLOOR, DEFAULT_CALIBRATION_FRACTION);
  }

  /**
   * The bound at the knee, with levels from the scores of normal rows the model did not train on.
   */
  public SurpriseBound bound(Score[] normal, int blocks) {
    return SurpriseBound.fit(surpriseKnee, levelFloor, normal, blocks);
  }

  static ScoringConfig parse(ConfigNode s) {
    s.allowOnly(java.util.Set.of("surprise-knee", "level-floor", "calibration-fraction"));
    return new ScoringConfig(
        s.numberAbove("surprise-knee", DEFAULT_KNEE, 0, 1e300),
        s.numberBetween("level-floor", DEFAULT_LEVEL_FLOOR, SurpriseBound.MIN_LEVEL, 1e6),
        s.numberBetween("calibration-fraction", DEFAULT_CALIBRATION_FRACTION, 0, 0.5));
  }
}
