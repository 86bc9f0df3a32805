package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import io.varanus.engine.pipeline.ServiceFixture.Sent;
import io.varanus.engine.store.LiveModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5, test 2: an instance dies after publishing part of a batch's alerts but before committing
 * its offsets; a new instance in the same group resumes from the committed offsets. The threshold
 * is overridden so that every event alerts: "no event lost" then reads directly off the alerts
 * topic (every input offset has an alert), which covers every attack event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

  private static final int EVENTS = 2000;
  private static final int CRASH_AFTER = 1000;

  private ServiceFixture fx;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
  }

  @Test
  void atLeastOnceLosesNothingAcrossACrash() throws Exception {
    String prefix = "crash-alo";
    Crash c = crashAndRestart(prefix, Map.of());
    List<ConsumerRecord<byte[], byte[]>> alerts = fx.readAll(prefix + "-alerts", false);
    Map<String, Integer> byOrigin = countByOrigin(alerts);
    assertThat(byOrigin.keySet()).containsAll(c.expected());
    int duplicates = alerts.size() - byOrigin.size();
    System.out.printf(
        "crash, at-least-once: %d events, %d alerts before the crash, %d after the restart,"
            + " %d duplicates%n",
        EVENTS, c.alertsBeforeRestart(), alerts.size() - c.alertsBeforeRestart(), duplicates);
    // the crash came after part of a batch was published: those alerts are published again
    assertThat(duplicates).isPositive();
    Set<String> ids = new HashSet<>();
    alerts.forEach(a -> ids.add(ServiceFixture.json(a).at("/event/id").asText()));
    assertThat(ids).hasSize(byOrigin.size());
  }

  @Test
  void exactlyOnceShowsEachAlertOnceAcrossACrash() throws Exception {
    String prefix = "crash-eos";
    Crash c =
        crashAndRestart(
            prefix, Map.of("processing-guarantee", "exactly-once", "instance-id", "crash-eos-1"));
    List<ConsumerRecord<byte[], byte[]>> committed = fx.readAll(prefix + "-alerts", true);
    Map<String, Integer> byOrigin = countByOrigin(committed);
    assertThat(byOrigin.keySet()).containsExactlyInAnyOrderElementsOf(c.expected());
    assertThat(committed).hasSize(c.expected().size());
    Set<String> ids = new HashSet<>();
    committed.forEach(a -> ids.add(ServiceFixture.json(a).at("/event/id").asText()));
    assertThat(ids).hasSize(committed.size());
    // the dead instance's open transaction did write alerts; read_committed never shows them
    int all = fx.readAll(prefix + "-alerts", false).size();
    System.out.printf(
        "crash, exactly-once: %d events, %d alerts read committed, %d records in the log%n",
        EVENTS, committed.size(), all);
    assertThat(all).isGreaterThan(committed.size());
  }

  private record Crash(Set<String> expected, int alertsBeforeRestart) {}

  /**
   * Produces the events, runs an instance that crashes after {@link #CRASH_AFTER} alert sends,
   * checks it left offsets uncommitted, then runs a healthy instance of the same group to the end.
   */
  private Crash crashAndRestart(String prefix, Map<String, Object> pipeline) throws Exception {
    fx.createTopics(prefix, 2);
    List<Sent> sent = fx.produce(prefix + "-in", ServiceFixture.events(EVENTS, 0.05, 71));
    Map<String, Object> p = new HashMap<>(pipeline);
    p.put("linger", "1s"); // full batches of 256: the crash lands inside one
    Map<String, Object> healthy =
        new HashMap<>(fx.service(prefix, fx.broker.bootstrapServers(), p));
    healthy.put("alerting", Map.of("threshold", -1e200));
    Map<String, Object> crashing = new HashMap<>(healthy);
    crashing.put(
        "kafka",
        Map.of(
            "bootstrap.servers",
            fx.broker.bootstrapServers(),
            "partitioner.class",
            CrashingPartitioner.class.getName(),
            CrashingPartitioner.CRASH_AFTER,
            CRASH_AFTER));
    Path crashCfg = fx.writeConfig(prefix + "-crashing", crashing);
    Path healthyCfg = fx.writeConfig(prefix + "-healthy", healthy);

    Running first = fx.start(crashCfg, model(crashCfg));
    first.thread().join(TimeUnit.SECONDS.toMillis(120));
    assertThat(first.thread().isAlive()).isFalse();
    assertThat(first.failure().get())
        .hasMessageContaining("simulated crash after " + CRASH_AFTER + " records");
    long scoredBefore = first.pipeline().stats().snapshot().scored();
    assertThat(scoredBefore).isGreaterThan(CRASH_AFTER).isLessThan(EVENTS);
    try (Admin admin = fx.broker.admin()) {
      long lag = GroupLag.of(admin, prefix + "-group", prefix + "-in");
      assertThat(lag)
          .as("records left uncommitted by the crash")
          .isGreaterThan(EVENTS - CRASH_AFTER);
    }
    int before = fx.readAll(prefix + "-alerts", false).size();

    Running second = fx.start(healthyCfg, model(healthyCfg));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));
    second.stop();
    PipelineStats.Snapshot s = second.pipeline().stats().snapshot();
    assertThat(s.skipped() + s.deadLettered()).isZero();
    Set<String> expected = new HashSet<>();
    sent.forEach(e -> expected.add(e.partition().partition() + "@" + e.offset()));
    return new Crash(expected, before);
  }

  private LiveModel model(Path config) {
    EngineConfig cfg = EngineConfig.load(config);
    return LiveModel.fixed(
        fx.bundle, cfg.input(), Clock.systemUTC(), cfg.alerting().thresholdOverride(), 3);
  }

  /** Alerts per input record, keyed {@code partition@offset}. */
  static Map<String, Integer> countByOrigin(List<ConsumerRecord<byte[], byte[]>> alerts) {
    Map<String, Integer> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> a : alerts) {
      JsonNode j = ServiceFixture.json(a);
      out.merge(
          j.at("/kafka/partition").asInt() + "@" + j.at("/kafka/offset").asLong(), 1, Integer::sum);
    }
    return out;
  }
}
