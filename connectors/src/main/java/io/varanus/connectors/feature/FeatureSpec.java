package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.or;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.connectors.feature.internal.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which event fields become which features. Read from YAML (a document whose root key is {@code
 * features}, or the {@code features} section of the engine's configuration); unknown keys are
 * errors and every value is validated at load. Features appear in the schema in this order:
 * numeric, categorical, text, time, string-stats, windows. For example:
 *
 * <pre>{@code
 * features:
 *   numeric:
 *     - {field: http.response.body.bytes, name: response_bytes, transform: log1p}
 *   categorical:
 *     - {field: event.outcome, top-k: 5}
 *     - {field: user.name, hash-buckets: 32}
 *     - {field: http.response.status_code, name: status_class, mapping: status-class}
 *   text:
 *     - {field: message, name: msg, top-k: 30}
 *   time: {zone: UTC}
 *   string-stats:
 *     - {field: url.query, stats: [length, entropy, special, percent]}
 *   windows:
 *     - key: source.ip
 *       length: 5m
 *       distinct: [user.name]
 *       failure: {field: event.outcome, values: [failure]}
 * }</pre>
 *
 * @param numeric numeric fields
 * @param categorical categorical fields
 * @param text free-text fields mined into templates
 * @param time cyclic time-of-day / day-of-week features (optional)
 * @param stringStats length, entropy and character-class ratios of string fields
 * @param windows per-entity sliding-window features
 * @param maxAbsValue bound on every standardized output value (default 1000)
 * @param minStd floor of every fitted standard deviation (default 0.01), so a feature that was
 *     constant in training (e.g. no percent escapes in any normal URL) is standardized with this
 *     deviation instead of dividing by zero, and any change of it stands out
 */
public record FeatureSpec(
    List<NumericFeatureSpec> numeric,
    List<CategoricalFeatureSpec> categorical,
    List<TextFeatureSpec> text,
    TimeFeatureSpec time,
    @JsonProperty("string-stats") List<StringStatsFeatureSpec> stringStats,
    List<WindowFeatureSpec> windows,
    @JsonProperty("max-abs-value") Double maxAbsValue,
    @JsonProperty("min-std") Double minStd) {

  public FeatureSpec {
    numeric = copy(numeric);
    categorical = copy(categorical);
    text = copy(text);
    stringStats = copy(stringStats);
    windows = copy(windows);
    maxAbsValue = or(maxAbsValue, 1000.0);
    if (!(maxAbsValue > 0) || Double.isInfinite(maxAbsValue)) {
      throw new InvalidFeatureSpecException("max-abs-value", maxAbsValue, "must be finite and > 0");
    }
    minStd = or(minStd, 0.01);
    if (!(minStd > 0) || Double.isInfinite(minStd)) {
      throw new InvalidFeatureSpecException("min-std", minStd, "must be finite and > 0");
    }
    checkNames(numeric, categorical, text, time, stringStats, windows);
  }

  /** Reads a YAML file whose root is {@code features:}. */
  public static FeatureSpec fromYaml(Path file) {
    return new SpecReader().readFile(file);
  }

  /** Reads YAML text whose root is {@code features:}. */
  public static FeatureSpec fromYaml(String yaml) {
    return new SpecReader().readText(yaml);
  }

  /**
   * Binds the features section of a larger configuration. {@code path} is the section's key path
   * (e.g. {@code features}); it prefixes the keys named in error messages.
   */
  public static FeatureSpec fromTree(JsonNode section, String path) {
    return new SpecReader().bind(section, path);
  }

  /** This spec with {@code time} as its time features (null: none). */
  public FeatureSpec withTime(TimeFeatureSpec time) {
    return new FeatureSpec(
        numeric, categorical, text, time, stringStats, windows, maxAbsValue, minStd);
  }

  /**
   * The event fields the features read, each with the key path of its first use (e.g. {@code
   * categorical[1].field}, {@code windows[0].distinct[0]}), in schema order. Time features read the
   * timestamp, not a field.
   */
  public Map<String, String> sourceFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < numeric.size(); i++) {
      fields.putIfAbsent(numeric.get(i).field(), "numeric[" + i + "].field");
    }
    for (int i = 0; i < categorical.size(); i++) {
      fields.putIfAbsent(categorical.get(i).field(), "categorical[" + i + "].field");
    }
    for (int i = 0; i < text.size(); i++) {
      fields.putIfAbsent(text.get(i).field(), "text[" + i + "].field");
    }
    for (int i = 0; i < stringStats.size(); i++) {
      fields.putIfAbsent(stringStats.get(i).field(), "string-stats[" + i + "].field");
    }
    for (int i = 0; i < windows.size(); i++) {
      WindowFeatureSpec w = windows.get(i);
      fields.putIfAbsent(w.key(), "windows[" + i + "].key");
      for (int j = 0; j < w.distinct().size(); j++) {
        fields.putIfAbsent(w.distinct().get(j), "windows[" + i + "].distinct[" + j + "]");
      }
      if (w.failure() != null) {
        fields.putIfAbsent(w.failure().field(), "windows[" + i + "].failure.field");
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  /** The names of all blocks, in schema order (a categorical group counts once). */
  public List<String> featureNames() {
    return names(numeric, categorical, text, time, stringStats, windows);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  private static List<String> names(
      List<NumericFeatureSpec> numeric,
      List<CategoricalFeatureSpec> categorical,
      List<TextFeatureSpec> text,
      TimeFeatureSpec time,
      List<StringStatsFeatureSpec> stringStats,
      List<WindowFeatureSpec> windows) {
    List<String> names = new ArrayList<>();
    numeric.forEach(f -> names.addAll(f.featureNames()));
    categorical.forEach(f -> names.addAll(f.featureNames()));
    text.forEach(f -> names.addAll(f.featureNames()));
    if (time != null) {
      names.addAll(time.featureNames());
    }
    stringStats.forEach(f -> names.addAll(f.featureNames()));
    windows.forEach(f -> names.addAll(f.featureNames()));
    return names;
  }

  private static void checkNames(
      List<NumericFeatureSpec> numeric,
      List<CategoricalFeatureSpec> categorical,
      List<TextFeatureSpec> text,
      TimeFeatureSpec time,
      List<StringStatsFeatureSpec> stringStats,
      List<WindowFeatureSpec> windows) {
    List<String> names = names(numeric, categorical, text, time, stringStats, windows);
    if (names.isEmpty()) {
      throw new InvalidFeatureSpecException("numeric", "[]", "a spec needs at least one feature");
    }
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new InvalidFeatureSpecException(
            "name", n, "feature names must be unique; set name: on one of the entries");
      }
    }
  }
}
