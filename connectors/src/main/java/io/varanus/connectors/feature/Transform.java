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
    // Math.log is an intrinsic and several times faster than log1p; they agree to within an ulp
    // once 1 + a is exact enough, so log1p is kept only for tiny values.
    return Math.copySign(a < 1e-4 ? Math.log1p(a) : Math.log(1 + a), x);
  }

  /** The inverse: the original value that {@link #apply} maps to {@code y}. */
  public double invert(double y) {
    return this == LOG1P ? Math.copySign(Math.expm1(Math.abs(y)), y) : y;
  }
}
