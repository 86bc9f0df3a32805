package io.varanus.connectors.feature;

import io.varanus.connectors.Origin;
import java.util.Arrays;
import java.util.Objects;

/**
 * One featurized event: {@code values} in the layout of the featurizer's {@link FeatureSchema}
 * (always finite), plus, per block, the raw value that produced it, for explanations: a {@link
 * Double} in original units for continuous blocks (null when the field was missing) and a {@link
 * String} for categorical ones (the field's value or mined template, null when missing).
 */
public record FeatureVector(float[] values, Object[] raw, Origin origin) {

  public FeatureVector {
    values = values.clone();
    raw = raw.clone();
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  @Override
  public Object[] raw() {
    return raw.clone();
  }

  /** Column {@code i} without copying the array. */
  public float value(int i) {
    return values[i];
  }

  /** Number of columns. */
  public int width() {
    return values.length;
  }

  /** The raw value of block {@code blockIndex}; see the class comment. */
  public Object raw(int blockIndex) {
    return raw[blockIndex];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureVector v
        && Arrays.equals(values, v.values)
        && Arrays.equals(raw, v.raw)
        && origin.equals(v.origin);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(raw)) + origin.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureVector[" + origin + ", " + Arrays.toString(values) + "]";
  }
}
