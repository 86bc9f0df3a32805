package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.T0;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.internal.EntityWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowFeaturesTest {

  private static final String SPEC =
      """
      features:
        windows:
          - key: source.ip
            name: src
            length: 5m
            distinct: [user.name]
            failure: {field: event.outcome, values: [failure]}
            max-entities: 1000
      """;

  /** Normal traffic: 50 hosts, each logging in as its own user every few minutes. */
  private static List<LogEvent> normal() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int host = i % 50;
      events.add(
          event(
              T0.plusSeconds(6L * i),
              "source.ip",
              "10.0.1." + host,
              "user.name",
              "user" + host,
              "event.outcome",
              i % 40 == 0 ? "failure" : "success"));
    }
    return events;
  }

  private final Featurizer featurizer =
      Featurizer.create(Featurizer.fit(FeatureSpec.fromYaml(SPEC), normal(), CLOCK), CLOCK);
  private final FeatureSchema schema = featurizer.schema();

  private double raw(FeatureVector v, String name) {
    return (Double) v.raw(schema.indexOf(name));
  }

  @Test
  void bruteForceRaisesCountAndFailureRatio() {
    Instant start = T0.plusSeconds(20_000);
    FeatureVector last = null;
    for (int i = 0; i < 200; i++) {
      last =
          featurizer.apply(
              event(
                  start.plusMillis(500L * i),
                  "source.ip",
                  "198.51.100.7",
                  "user.name",
                  "root",
                  "event.outcome",
                  "failure"));
    }
    assertThat(raw(last, "src.count")).isEqualTo(200.0);
    assertThat(raw(last, "src.failure_ratio")).isEqualTo(1.0);
    assertThat(raw(last, "src.distinct.user.name")).isEqualTo(1.0);
    assertThat(last.value(schema.offsetOf(schema.indexOf("src.count")))).isGreaterThan(10f);
    assertThat(last.value(schema.offsetOf(schema.indexOf("src.failure_ratio")))).isGreaterThan(5f);
  }

  private FeatureVector burst(Featurizer f, Instant start, int from, int to) {
    FeatureVector last = null;
    for (int i = from; i < to; i++) {
      last =
          f.apply(
              event(
                  start.plusMillis(500L * i),
                  "source.ip",
                  "198.51.100.7",
                  "user.name",
                  "root",
                  "event.outcome",
                  "failure"));
    }
    return last;
  }

  @Test
  void aSwappedInFeaturizerContinuesIdenticalWindows() {
    Instant start = T0.plusSeconds(20_000);
    burst(featurizer, start, 0, 100);
    FeaturizerState refit = Featurizer.fit(FeatureSpec.fromYaml(SPEC), normal(), CLOCK);
    Featurizer next = Featurizer.continuing(refit, CLOCK, featurizer);

    FeatureVector v = burst(next, start, 100, 101);

    assertThat(raw(v, "src.count")).isEqualTo(101.0);
    assertThat(raw(v, "src.failure_ratio")).isEqualTo(1.0);
  }

  @Test
  void aWindowDefinedDifferentlyStartsEmptyAfterASwap() {
    Instant start = T0.plusSeconds(20_000);
    burst(featurizer, start, 0, 100);
    String longer = SPEC.replace("length: 5m", "length: 10m");
    Featurizer next =
        Featurizer.continuing(
            Featurizer.fit(FeatureSpec.fromYaml(longer), normal(), CLOCK), CLOCK, featurizer);

    FeatureVector v = burst(next, start, 100, 101);

    assertThat((Double) v.raw(next.schema().indexOf("src.count"))).isEqualTo(1.0);
  }

  @Test
  void sprayingRaisesDistinctUsers() {
    Instant start = T0.plusSeconds(20_000);
    FeatureVector last = null;
    for (int i = 0; i < 40; i++) {
      last =
          featurizer.apply(
              event(
                  start.plusSeconds(3L * i),
                  "source.ip",
                  "203.0.113.9",
                  "user.name",
                  "victim" + i,
                  "event.outcome",
                  "failure"));
    }
    assertThat(raw(last, "src.distinct.user.name")).isEqualTo(40.0);
    assertThat(last.value(schema.offsetOf(schema.indexOf("src.distinct.user.name"))))
        .isGreaterThan(10f);
  }

  @Test
  void windowsSlideAndExpire() {
    Instant start = T0.plusSeconds(50_000);
    for (int i = 0; i < 10; i++) {
      featurizer.apply(event(start.plusSeconds(i), "source.ip", "192.0.2.1", "user.name", "a"));
    }
    FeatureVector later =
        featurizer.apply(event(start.plusSeconds(301 + 10), "source.ip", "192.0.2.1"));
    assertThat(raw(later, "src.count")).isEqualTo(1.0);
    assertThat(raw(later, "src.distinct.user.name")).isZero();
  }

  @Test
  void eventsWithoutTimestampUseTheClock() {
    LogEvent untimed = event(null, "source.ip", "192.0.2.50");
    assertThat(raw(featurizer.apply(untimed), "src.count")).isEqualTo(1.0);
    assertThat(raw(featurizer.apply(untimed), "src.count")).isEqualTo(2.0);
  }

  @Test
  void missingKeyCountsAsANewEntitySeenOnce() {
    Instant at = T0.plusSeconds(40_000);
    FeatureVector first = null;
    FeatureVector v = null;
    for (int i = 0; i < 3; i++) {
      v = featurizer.apply(event(at.plusSeconds(i), "user.name", "x", "event.outcome", "failure"));
      first = first == null ? v : first;
    }
    // the third keyless event in three seconds is still alone: keyless events share no window
    assertThat(raw(v, "src.count")).isEqualTo(1.0);
    assertThat(raw(v, "src.distinct.user.name")).isEqualTo(1.0);
    assertThat(raw(v, "src.failure_ratio")).isEqualTo(1.0);
    assertThat(first.values()).containsExactly(v.values());
    FeatureVector newEntity =
        featurizer.apply(
            event(
                at.plusSeconds(5),
                "source.ip",
                "203.0.113.9",
                "user.name",
                "x",
                "event.outcome",
                "failure"));
    for (String name : List.of("src.count", "src.distinct.user.name", "src.failure_ratio")) {
      int i = schema.indexOf(name);
      assertThat(v.values()[i]).as(name).isEqualTo(newEntity.values()[i]);
    }
    FeatureVector bare = featurizer.apply(event(at.plusSeconds(9)));
    assertThat(raw(bare, "src.distinct.user.name")).isZero();
    assertThat(raw(bare, "src.failure_ratio")).isZero();
  }

  @Test
  void entityStateStaysBoundedForAMillionEntities() {
    int cap = 10_000;
    EntityWindows windows = new EntityWindows(300_000, 10, cap, 1, 8);
    String[] distinct = new String[1];
    long t = T0.toEpochMilli();
    int max = 0;
    for (int i = 0; i < 1_000_000; i++) {
      distinct[0] = "user" + (i & 7);
      windows.record(
          "10." + (i >>> 16) + "." + ((i >>> 8) & 255) + "." + (i & 255), t + i, false, distinct);
      max = Math.max(max, windows.size());
    }
    assertThat(max).isEqualTo(cap);
  }

  @Test
  void idleEntitiesAreEvictedByTime() {
    EntityWindows windows = new EntityWindows(1_000, 10, 1_000_000, 0, 8);
    String[] none = new String[0];
    for (int i = 0; i < 100_000; i++) {
      windows.record("e" + i, i * 10L, false, none);
    }
    // One event per 10 ms and a 1 s window: about 100 live entities, not 100,000.
    assertThat(windows.size()).isLessThanOrEqualTo(102);
  }

  @Test
  void distinctCountingIsCappedPerEntity() {
    EntityWindows windows = new EntityWindows(60_000, 10, 10, 1, 16);
    String[] d = new String[1];
    EntityWindows.EntityWindow w = null;
    for (int i = 0; i < 1000; i++) {
      d[0] = "port" + i;
      w = windows.record("scanner", i, false, d);
    }
    assertThat(w.distinct(0)).isEqualTo(16);
    assertThat(w.count()).isEqualTo(1000);
  }

  @Test
  void aReplayedEventTakesItsStoredWindowValuesAndLeavesTheWindowsAlone() {
    Instant start = T0.plusSeconds(40_000);
    FeatureVector inStream = null;
    for (int i = 0; i < 30; i++) {
      inStream =
          featurizer.apply(
              event(
                  start.plusSeconds(i),
                  "source.ip",
                  "198.51.100.9",
                  "user.name",
                  "u" + (i % 3),
                  "event.outcome",
                  i % 2 == 0 ? "failure" : "success"));
    }
    LogEvent last =
        event(
            start.plusSeconds(29),
            "source.ip",
            "198.51.100.9",
            "user.name",
            "u2",
            "event.outcome",
            "success");
    java.util.Map<String, Double> stored = featurizer.windowValues(inStream);
    assertThat(stored)
        .containsEntry("src.count", 30.0)
        .containsEntry("src.distinct.user.name", 3.0)
        .containsEntry("src.failure_ratio", 0.5);

    Featurizer fresh =
        Featurizer.create(Featurizer.fit(FeatureSpec.fromYaml(SPEC), normal(), CLOCK), CLOCK);
    FeatureVector replayed = fresh.applyReplayed(last, stored);
    assertThat(replayed.values()).containsExactly(inStream.values());
    // the replay did not enter the fresh featurizer's windows: the next event is the entity's first
    FeatureVector next = fresh.apply(last);
    assertThat(raw(next, "src.count")).isEqualTo(1.0);
    // a window value the store lacks (the spec changed since) is that of an entity seen once
    FeatureVector without = fresh.applyReplayed(last, java.util.Map.of("src.count", 30.0));
    assertThat(raw(without, "src.count")).isEqualTo(30.0);
    assertThat(raw(without, "src.distinct.user.name")).isEqualTo(1.0);
    assertThat(raw(without, "src.failure_ratio")).isEqualTo(0.0);
  }
}
