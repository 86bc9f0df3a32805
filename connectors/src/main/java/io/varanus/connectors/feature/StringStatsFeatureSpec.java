package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Shape statistics of a string field, which make injection payloads in URLs and queries stand out:
 * {@code <name>.length} (log1p), {@code <name>.entropy} (Shannon, bits per character) and the
 * ratios {@code <name>.digit_ratio}, {@code <name>.upper_ratio}, {@code <name>.special_ratio}
 * (neither letter, digit nor one of {@code / - _}; dots count, for {@code ../}) and {@code
 * <name>.percent_ratio} (characters inside {@code %XX} escapes). All are standardized; a missing
 * field reads as the empty string.
 *
 * @param field the event field, e.g. {@code url.path}
 * @param name prefix of the feature names (defaults to the field)
 * @param stats which statistics to emit (default all, in the order of {@link Stat})
 */
public record StringStatsFeatureSpec(String field, String name, List<Stat> stats) {

  public StringStatsFeatureSpec {
    requireText("field", field);
    name = or(name, field);
    stats = stats == null || stats.isEmpty() ? List.of(Stat.values()) : List.copyOf(stats);
    if (stats.stream().distinct().count() != stats.size()) {
      throw new InvalidFeatureSpecException("stats", stats, "must not repeat a statistic");
    }
  }

  /** All statistics of {@code field}. */
  public static StringStatsFeatureSpec of(String field) {
    return new StringStatsFeatureSpec(field, null, null);
  }

  /** The names of the blocks this entry emits, in schema order. */
  public List<String> featureNames() {
    return stats.stream().map(s -> name + "." + s.suffix()).toList();
  }

  /** One statistic; its feature name is {@code <name>.<suffix>}. */
  public enum Stat {
    @JsonProperty("length")
    LENGTH("length"),
    @JsonProperty("entropy")
    ENTROPY("entropy"),
    @JsonProperty("digits")
    DIGITS("digit_ratio"),
    @JsonProperty("upper")
    UPPER("upper_ratio"),
    @JsonProperty("special")
    SPECIAL("special_ratio"),
    @JsonProperty("percent")
    PERCENT("percent_ratio");

    private final String suffix;

    Stat(String suffix) {
      this.suffix = suffix;
    }

    public String suffix() {
      return suffix;
    }
  }
}
