package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.positive;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Per-entity sliding-window features keyed by a field (e.g. {@code source.ip}), computed from event
 * timestamps in stream order, the current event included: {@code <name>.count} (events in the
 * window), {@code <name>.distinct.<field>} per entry of {@code distinct} (distinct values, e.g.
 * user names per source: password spraying; destination ports: scans) and {@code
 * <name>.failure_ratio} when {@code failure} is set. Counts are log1p-transformed; all are
 * standardized on a replay of the training stream. State is bounded: entities idle for a window are
 * evicted, at most {@code max-entities} are kept (least recently seen evicted first), and distinct
 * values are counted up to {@code max-distinct} per entity.
 *
 * @param key the entity field
 * @param name prefix of the feature names (defaults to the key)
 * @param length window length (default 5m)
 * @param count emit the event count (default true)
 * @param distinct fields whose distinct values are counted
 * @param failure field and values that mark a failed event
 * @param maxEntities entities kept at most (default 100000)
 * @param maxDistinct distinct values counted per entity and field at most (default 64)
 * @param buckets time buckets per window: the window slides in steps of length / buckets (10)
 */
public record WindowFeatureSpec(
    String key,
    String name,
    Duration length,
    Boolean count,
    List<String> distinct,
    Failure failure,
    @JsonProperty("max-entities") Integer maxEntities,
    @JsonProperty("max-distinct") Integer maxDistinct,
    Integer buckets) {

  public WindowFeatureSpec {
    requireText("key", key);
    name = or(name, key);
    length = positive("length", length, Duration.ofMinutes(5));
    count = or(count, true);
    distinct = distinct == null ? List.of() : List.copyOf(distinct);
    for (int i = 0; i < distinct.size(); i++) {
      requireText("distinct[" + i + "]", distinct.get(i));
    }
    maxEntities = positive("max-entities", maxEntities, 100_000);
    maxDistinct = positive("max-distinct", maxDistinct, 64);
    buckets = positive("buckets", buckets, 10);
    if (!count && distinct.isEmpty() && failure == null) {
      throw new InvalidFeatureSpecException(
          "count", false, "a window needs count, distinct or failure");
    }
  }

  /** The names of the blocks this entry emits, in schema order. */
  public List<String> featureNames() {
    List<String> names = new java.util.ArrayList<>();
    if (count) {
      names.add(name + ".count");
    }
    distinct.forEach(f -> names.add(name + ".distinct." + f));
    if (failure != null) {
      names.add(name + ".failure_ratio");
    }
    return names;
  }

  /** Events whose {@code field} has one of {@code values} count as failures. */
  public record Failure(String field, List<String> values) {
    public Failure {
      requireText("field", field);
      if (values == null || values.isEmpty()) {
        throw new InvalidFeatureSpecException("values", values, "must list at least one value");
      }
      values = List.copyOf(values);
    }
  }
}
