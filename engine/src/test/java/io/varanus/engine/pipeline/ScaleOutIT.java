package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import io.varanus.engine.pipeline.ServiceFixture.Sent;
import io.varanus.engine.store.LiveModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5, test 3: two instances in one group share the input partitions while events stream in;
 * one stops gracefully, the other takes over its partitions; every input record is committed and
 * alerted. The threshold is overridden so that every event alerts, so "nothing lost" reads off the
 * alerts topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {

  private static final int PARTITIONS = 4;

  private ServiceFixture fx;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
  }

  @Test
  void twoInstancesShareThePartitionsAndOneTakesOver() throws Exception {
    String prefix = "scale";
    String group = prefix + "-group";
    fx.createTopics(prefix, PARTITIONS);
    Map<String, Object> sections =
        new HashMap<>(fx.service(prefix, fx.broker.bootstrapServers(), Map.of()));
    sections.put("alerting", Map.of("threshold", -1e200));
    Path cfg = fx.writeConfig(prefix, sections);

    List<GeneratedEvent> events = ServiceFixture.events(6000, 0.05, 81);
    List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Exception> producerFailure = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < events.size(); i += 100) {
                  sent.addAll(
                      fx.produce(
                          prefix + "-in", events.subList(i, Math.min(events.size(), i + 100))));
                  Thread.sleep(50);
                }
              } catch (Exception e) {
                producerFailure.set(e);
              }
            },
            "scale-producer");

    Running a = fx.start(cfg, model(cfg));
    Running b = fx.start(cfg, model(cfg));
    producer.start();
    try (Admin admin = fx.broker.admin()) {
      List<Set<TopicPartition>> shared = awaitAssignment(admin, group, 2);
      System.out.println("scale-out: two members own " + shared);
      awaitScored(b);
      b.stop();
      List<Set<TopicPartition>> alone = awaitAssignment(admin, group, 1);
      assertThat(alone.get(0)).hasSize(PARTITIONS);
    }
    producer.join(TimeUnit.SECONDS.toMillis(120));
    assertThat(producerFailure.get()).isNull();
    assertThat(sent).hasSize(events.size());
    fx.awaitCommitted(group, prefix + "-in", Duration.ofSeconds(90));
    a.stop();

    PipelineStats.Snapshot sa = a.pipeline().stats().snapshot();
    PipelineStats.Snapshot sb = b.pipeline().stats().snapshot();
    assertThat(sa.scored()).isPositive();
    assertThat(sb.scored()).isPositive();
    assertThat(sa.scored() + sb.scored()).isGreaterThanOrEqualTo(events.size());
    List<ConsumerRecord<byte[], byte[]>> alerts = fx.readAll(prefix + "-alerts", false);
    Map<String, Integer> byOrigin = CrashRecoveryIT.countByOrigin(alerts);
    Set<String> expected = new HashSet<>();
    Set<String> attacks = new HashSet<>();
    for (Sent s : sent) {
      String origin = s.partition().partition() + "@" + s.offset();
      expected.add(origin);
      if (s.attack()) {
        attacks.add(origin);
      }
    }
    assertThat(byOrigin.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(byOrigin.keySet()).containsAll(attacks);
    System.out.printf(
        "scale-out: %d events (%d attacks); instance A scored %d, B %d; %d alerts, %d duplicates%n",
        events.size(),
        attacks.size(),
        sa.scored(),
        sb.scored(),
        alerts.size(),
        alerts.size() - byOrigin.size());
  }

  private LiveModel model(Path config) {
    EngineConfig cfg = EngineConfig.load(config);
    return LiveModel.fixed(
        fx.bundle, cfg.input(), Clock.systemUTC(), cfg.alerting().thresholdOverride(), 3);
  }

  private static void awaitScored(Running r) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (r.pipeline().stats().snapshot().scored() == 0) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the second instance scored nothing");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits until the group is stable with {@code members} members that each own a partition, and
   * every partition is owned; returns each member's partitions.
   */
  private static List<Set<TopicPartition>> awaitAssignment(Admin admin, String group, int members)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Set<TopicPartition>> last = List.of();
    while (System.nanoTime() < end) {
      ConsumerGroupDescription d;
      try {
        d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          Thread.sleep(100); // not joined yet
          continue;
        }
        throw e;
      }
      List<Set<TopicPartition>> owned = new ArrayList<>();
      for (MemberDescription m : d.members()) {
        owned.add(m.assignment().topicPartitions());
      }
      last = owned;
      int total = owned.stream().mapToInt(Set::size).sum();
      if (owned.size() == members
          && owned.stream().noneMatch(Set::isEmpty)
          && total == PARTITIONS) {
        return owned;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("group " + group + " never reached " + members + " members: " + last);
  }
}
