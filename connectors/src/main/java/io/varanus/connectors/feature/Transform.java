package io.varanus.connectors.feature;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A monotone transform applied to a continuous value before standardization. */
public enum Transform {
  /** The value itself. */
  @JsonProperty("identity")
  IDENTITY,
  /** {@code sign(x) * log(1 + |x|)}: compresses heavy tails, keeps the sign of negative values. */
  @JsonProperty("log1p")
  LOG1P;

  /** The transformed value. */
  public double apply(double x) {
    if (this == IDENTITY) {
      return x;
    }
    double a = Math.abs(x);
    // Math.log is an intrinsic; Math.log1p is a slow library call. For tiny values the series
    // a - a^2/2 + a^3/3 is exact to double precision, above them log(1 + a) is within an ulp.
    double y = a < 1e-4 ? a * (1 - a * (0.5 - a / 3)) : Math.log(1 + a);
    return Math.copySign(y, x);
  }

  /** The inverse: the original value that {@link #apply} maps to {@code y}. */
  public double invert(double y) {
    return this == LOG1P ? Math.copySign(Math.expm1(Math.abs(y)), y) : y;
  }
}
