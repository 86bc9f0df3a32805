package io.varanus.models.vae;

/**
 * Bounds how much surprise one continuous feature can add to a score. Up to {@code knee} the
 * surprise is the Gaussian's, half the squared standardized error {@code q}; beyond it it grows
 * logarithmically, {@code knee + log(1 + q - knee)}, with the same value and slope at the knee.
 * This is the shape of a heavy-tailed likelihood: a residual of 4 predicted standard deviations
 * (knee 8) counts fully, one of 2,000 (a value never seen in training of a feature that was
 * constant there) counts about as much as three or four such residuals, so it stands out without
 * swamping every other feature and rows that share it are still ranked by the rest.
 *
 * @param knee where compression starts, in units of {@code q}; {@code +Infinity} for none (the
 *     plain Gaussian negative log-likelihood, as models without a bound score)
 */
public record SurpriseBound(double knee) {

  /** No bound: the Gaussian surprise as it is. */
  public static final SurpriseBound NONE = new SurpriseBound(Double.POSITIVE_INFINITY);

  public SurpriseBound {
    if (!(knee > 0)) {
      throw new IllegalArgumentException(
          "Invalid surprise knee " + knee + ": must be > 0 (or infinite for no bound)");
    }
  }

  public boolean bounded() {
    return Double.isFinite(knee);
  }

  /** The bounded surprise of a continuous feature whose Gaussian surprise is {@code q >= 0}. */
  public double apply(double q) {
    return q <= knee ? q : knee + Math.log1p(q - knee);
  }
}
