package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.atLeast;
import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.positive;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A categorical field emitted as a one-hot group. Either a vocabulary fitted on training data (the
 * {@code top-k} most frequent values seen at least {@code min-count} times, plus {@value #OTHER}
 * for everything else) or, when {@code hash-buckets} is set, a stable hash of the value into that
 * many buckets (for high cardinality such as user names). Both add {@value #MISSING} for a missing
 * field.
 *
 * @param field the event field, e.g. {@code event.outcome}
 * @param name the feature name (defaults to the field)
 * @param mapping how the value is read: {@code identity}, {@code lowercase} or {@code status-class}
 *     (404 -> 4xx)
 * @param topK vocabulary size (default 20); null with {@code hash-buckets}
 * @param minCount minimum training count for a vocabulary entry (default 1); null when hashed
 * @param hashBuckets number of hash buckets; null for a fitted vocabulary
 * @param hashSeed seed of the murmur3 hash (default 0)
 */
public record CategoricalFeatureSpec(
    String field,
    String name,
    Mapping mapping,
    @JsonProperty("top-k") Integer topK,
    @JsonProperty("min-count") Integer minCount,
    @JsonProperty("hash-buckets") Integer hashBuckets,
    @JsonProperty("hash-seed") Integer hashSeed) {

  /** The out-of-vocabulary category. */
  public static final String OTHER = "__other__";

  /** The category of a missing field. */
  public static final String MISSING = "__missing__";

  public CategoricalFeatureSpec {
    requireText("field", field);
    name = or(name, field);
    mapping = or(mapping, Mapping.IDENTITY);
    if (hashBuckets != null) {
      if (topK != null || minCount != null) {
        throw new InvalidFeatureSpecException(
            topK != null ? "top-k" : "min-count",
            topK != null ? topK : minCount,
            "cannot be combined with hash-buckets (a vocabulary or hashing, not both)");
      }
      hashBuckets = positive("hash-buckets", hashBuckets, 1);
    } else {
      topK = positive("top-k", topK, 20);
      minCount = atLeast("min-count", minCount, 1, 1);
    }
    hashSeed = or(hashSeed, 0);
  }

  /** A vocabulary-encoded field with default settings. */
  public static CategoricalFeatureSpec vocabulary(String field, int topK) {
    return new CategoricalFeatureSpec(field, null, null, topK, null, null, null);
  }

  /** A hash-encoded field. */
  public static CategoricalFeatureSpec hashed(String field, int buckets) {
    return new CategoricalFeatureSpec(field, null, null, null, null, buckets, null);
  }

  /** The names of the blocks this entry emits: one group. */
  public java.util.List<String> featureNames() {
    return java.util.List.of(name);
  }

  public boolean hashed() {
    return hashBuckets != null;
  }

  /** How a field value is turned into a category label. */
  public enum Mapping {
    @JsonProperty("identity")
    IDENTITY,
    @JsonProperty("lowercase")
    LOWERCASE,
    /** HTTP status codes to their class: {@code 404 -> 4xx}; anything else to {@code other}. */
    @JsonProperty("status-class")
    STATUS_CLASS;

    /** The label for a present value. */
    public String apply(String value) {
      switch (this) {
        case LOWERCASE:
          return value.toLowerCase(java.util.Locale.ROOT);
        case STATUS_CLASS:
          String v = value.trim();
          if (v.length() == 3 && v.charAt(0) >= '1' && v.charAt(0) <= '5') {
            return v.charAt(0) + "xx";
          }
          return "other";
        default:
          return value;
      }
    }
  }
}
