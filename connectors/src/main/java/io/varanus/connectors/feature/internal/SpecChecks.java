package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.InvalidFeatureSpecException;
import java.time.Duration;

/** Validation helpers for the spec records; each failure names the key and the expectation. */
public final class SpecChecks {

  private SpecChecks() {}

  public static String requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidFeatureSpecException(key, value, "must be a non-empty string");
    }
    return value;
  }

  public static int positive(String key, Integer value, int defaultValue) {
    int v = value == null ? defaultValue : value;
    if (v <= 0) {
      throw new InvalidFeatureSpecException(key, v, "must be > 0");
    }
    return v;
  }

  public static int atLeast(String key, Integer value, int defaultValue, int min) {
    int v = value == null ? defaultValue : value;
    if (v < min) {
      throw new InvalidFeatureSpecException(key, v, "must be >= " + min);
    }
    return v;
  }

  public static double finite(String key, Double value, double defaultValue) {
    double v = value == null ? defaultValue : value;
    if (!Double.isFinite(v)) {
      throw new InvalidFeatureSpecException(key, v, "must be a finite number");
    }
    return v;
  }

  public static double requireFinite(String key, Double value) {
    if (value == null || !Double.isFinite(value)) {
      throw new InvalidFeatureSpecException(key, value, "must be a finite number");
    }
    return value;
  }

  public static double inRange(
      String key, Double value, double defaultValue, double lo, double hi) {
    double v = finite(key, value, defaultValue);
    if (v < lo || v > hi) {
      throw new InvalidFeatureSpecException(key, v, "must be in [" + lo + ", " + hi + "]");
    }
    return v;
  }

  public static Duration positive(String key, Duration value, Duration defaultValue) {
    Duration v = value == null ? defaultValue : value;
    if (v.isNegative() || v.isZero()) {
      throw new InvalidFeatureSpecException(key, v, "must be a positive duration such as 5m");
    }
    return v;
  }

  public static <T> T or(T value, T defaultValue) {
    return value == null ? defaultValue : value;
  }
}
