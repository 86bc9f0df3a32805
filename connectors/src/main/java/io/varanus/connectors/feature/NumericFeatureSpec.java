package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.finite;
import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.requireFinite;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A numeric field: optional clipping, then a transform, then standardization with statistics fitted
 * on training data. A missing or non-numeric value is replaced by {@code default} (in the field's
 * own units) and, when {@code missing-indicator} is on, flagged in a categorical group {@code
 * <name>.missing = {present, missing}}.
 *
 * @param field the event field, e.g. {@code source.bytes}
 * @param name the feature name in the schema (defaults to the field)
 * @param transform applied after clipping: {@code identity} or {@code log1p} (sign-preserving)
 * @param clip optional bounds applied first
 * @param defaultValue the value used when the field is missing (default 0)
 * @param missingIndicator whether to emit the {@code {present, missing}} group (default true)
 * @param standardize whether to standardize with fitted mean and deviation (default true)
 */
public record NumericFeatureSpec(
    String field,
    String name,
    Transform transform,
    Clip clip,
    @JsonProperty("default") Double defaultValue,
    @JsonProperty("missing-indicator") Boolean missingIndicator,
    Boolean standardize) {

  public NumericFeatureSpec {
    requireText("field", field);
    name = or(name, field);
    transform = or(transform, Transform.IDENTITY);
    defaultValue = finite("default", defaultValue, 0.0);
    missingIndicator = or(missingIndicator, true);
    standardize = or(standardize, true);
  }

  /** A numeric field with all defaults. */
  public static NumericFeatureSpec of(String field, Transform transform) {
    return new NumericFeatureSpec(field, null, transform, null, null, null, null);
  }

  /** The names of the blocks this entry emits, in schema order. */
  public java.util.List<String> featureNames() {
    return missingIndicator ? java.util.List.of(name, name + ".missing") : java.util.List.of(name);
  }

  /** Clipping bounds, inclusive; {@code min <= max}. */
  public record Clip(Double min, Double max) {
    public Clip {
      min = requireFinite("min", min);
      max = requireFinite("max", max);
      if (min > max) {
        throw new InvalidFeatureSpecException("max", max, "must be >= min (" + min + ")");
      }
    }
  }
}
