package io.varanus.engine.alert;

import io.varanus.connectors.Origin;
import io.varanus.engine.offline.Contribution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert, as published: when, which event (its origin and a truncated copy of the raw record),
 * which model version decided, the score against the threshold, grade and severity, the top
 * contributions, how many alerts of the same entity and top feature were suppressed before it, and
 * the entity fields (ECS names such as {@code source.ip}) found in the event.
 *
 * @param entity the alert's Kafka key and suppression scope, or null when the event has none
 */
public record Alert(
    String id,
    Instant timestamp,
    Origin origin,
    String original,
    String modelVersion,
    double score,
    double threshold,
    double grade,
    String severity,
    List<Contribution> contributions,
    long suppressedCount,
    String entity,
    Map<String, String> entityFields) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(severity, "severity");
    contributions = List.copyOf(contributions);
    entityFields = Map.copyOf(entityFields);
  }

  /** The feature that contributed most, or null. */
  public String topFeature() {
    return contributions.isEmpty() ? null : contributions.get(0).feature();
  }
}
