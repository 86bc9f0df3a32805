package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.source.KafkaEventSource;
import io.varanus.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery over Kafka's mock clients: offsets are committed only after every record
 * is acknowledged, and a commit a rebalance interrupted is retried (on the next batch or when the
 * pipeline is idle) for the partitions this member still owns.
 */
class AtLeastOnceDeliveryTest {

  private static final TopicPartition P0 = new TopicPartition("in", 0);
  private static final TopicPartition P1 = new TopicPartition("in", 1);

  /** A mock consumer whose next commits throw the queued exceptions, one per call. */
  private static final class FlakyCommits extends MockConsumer<byte[], byte[]> {
    final Deque<RuntimeException> failures = new ArrayDeque<>();

    FlakyCommits() {
      super("earliest");
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      RuntimeException next = failures.poll();
      if (next != null) {
        throw next;
      }
      super.commitSync(offsets);
    }
  }

  private final FlakyCommits consumer = new FlakyCommits();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final KafkaEventSource source = new KafkaEventSource(consumer, List.of("in"), null);
  private final MutableClock clock = new MutableClock(Instant.parse("2024-03-04T10:00:00Z"));
  private final AtLeastOnceDelivery delivery =
      new AtLeastOnceDelivery(producer, source, clock, Duration.ZERO);

  /** A producer whose every send fails when it is flushed. */
  private static MockProducer<byte[], byte[]> refusingProducer() {
    return new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized void flush() {
        while (errorNext(new KafkaException("broker said no"))) {
          // every pending send fails
        }
      }
    };
  }

  private static BatchOutput batch(Map<TopicPartition, Long> next) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    next.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
    ProducerRecord<byte[], byte[]> alert =
        new ProducerRecord<>("alerts", "{}".getBytes(StandardCharsets.UTF_8));
    return new BatchOutput(List.of(alert), offsets, 1, 0);
  }

  private long committed(TopicPartition tp) {
    OffsetAndMetadata c = consumer.committed(Set.of(tp)).get(tp);
    return c == null ? -1 : c.offset();
  }

  @Test
  void commitsAfterTheAlertsAreAcknowledged() {
    consumer.rebalance(List.of(P0, P1));
    delivery.deliver(batch(Map.of(P0, 10L, P1, 4L)));
    assertThat(producer.history()).hasSize(1);
    assertThat(committed(P0)).isEqualTo(10);
    assertThat(committed(P1)).isEqualTo(4);
    assertThat(delivery.owed()).isEmpty();
  }

  @Test
  void aCommitDeferredByARebalanceIsRetriedWhenIdle() {
    consumer.rebalance(List.of(P0, P1));
    consumer.failures.add(new RebalanceInProgressException("rebalancing"));
    delivery.deliver(batch(Map.of(P0, 10L)));
    assertThat(committed(P0)).isEqualTo(-1);
    assertThat(delivery.owed()).containsOnlyKeys(P0);

    delivery.idle();
    assertThat(committed(P0)).isEqualTo(10);
    assertThat(delivery.owed()).isEmpty();
  }

  @Test
  void aDeferredCommitRidesOnTheNextBatch() {
    consumer.rebalance(List.of(P0, P1));
    consumer.failures.add(new RebalanceInProgressException("rebalancing"));
    delivery.deliver(batch(Map.of(P0, 10L)));
    delivery.deliver(batch(Map.of(P1, 7L)));
    assertThat(committed(P0)).isEqualTo(10);
    assertThat(committed(P1)).isEqualTo(7);
  }

  @Test
  void aFailedCommitKeepsOnlyThePartitionsStillOwned() {
    consumer.rebalance(List.of(P0, P1));
    consumer.failures.add(new CommitFailedException("generation moved on"));
    delivery.deliver(batch(Map.of(P0, 10L, P1, 4L)));
    assertThat(delivery.owed()).containsOnlyKeys(P0, P1);

    consumer.rebalance(List.of(P0));
    consumer.failures.add(new CommitFailedException("generation moved on again"));
    delivery.idle();
    assertThat(delivery.owed()).containsOnlyKeys(P0);

    delivery.idle();
    assertThat(committed(P0)).isEqualTo(10);
    assertThat(committed(P1)).isEqualTo(-1);
    assertThat(delivery.owed()).isEmpty();
  }

  @Test
  void revocationCommitsWhatIsOwedForThePartitionsThatGo() {
    consumer.rebalance(List.of(P0, P1));
    consumer.failures.add(new RebalanceInProgressException("rebalancing"));
    delivery.deliver(batch(Map.of(P0, 10L, P1, 4L)));
    delivery.revoked(List.of(P1));
    assertThat(committed(P1)).isEqualTo(4);
    assertThat(delivery.owed()).containsOnlyKeys(P0);
  }

  @Test
  void aRefusedAlertCommitsNothing() {
    MockProducer<byte[], byte[]> refusing = refusingProducer();
    AtLeastOnceDelivery d = new AtLeastOnceDelivery(refusing, source, clock, Duration.ZERO);
    consumer.rebalance(List.of(P0));
    assertThatThrownBy(() -> d.deliver(batch(Map.of(P0, 10L))))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("offsets not committed")
        .hasMessageContaining("broker said no");
    assertThat(committed(P0)).isEqualTo(-1);
  }

  @Test
  void withACommitIntervalAlertsLeaveAtOnceAndOffsetsFollowAtTheInterval() {
    AtLeastOnceDelivery d =
        new AtLeastOnceDelivery(producer, source, clock, Duration.ofMillis(100));
    consumer.rebalance(List.of(P0, P1));
    d.deliver(batch(Map.of(P0, 10L)));
    clock.advance(Duration.ofMillis(40));
    d.deliver(batch(Map.of(P0, 15L, P1, 3L)));
    assertThat(producer.history()).as("alerts sent at once").hasSize(2);
    assertThat(committed(P0)).isEqualTo(-1);
    assertThat(d.sent()).containsOnlyKeys(P0, P1);
    clock.advance(Duration.ofMillis(60));
    d.deliver(batch(Map.of(P0, 20L)));
    assertThat(committed(P0)).isEqualTo(20);
    assertThat(committed(P1)).isEqualTo(3);
    assertThat(d.sent()).isEmpty();
    assertThat(d.owed()).isEmpty();
  }

  @Test
  void withACommitIntervalIdleAndRevocationCommitWhatWasSent() {
    AtLeastOnceDelivery d = new AtLeastOnceDelivery(producer, source, clock, Duration.ofHours(1));
    consumer.rebalance(List.of(P0, P1));
    d.deliver(batch(Map.of(P0, 10L, P1, 4L)));
    d.revoked(List.of(P1));
    assertThat(committed(P1)).isEqualTo(4);
    assertThat(d.owed()).containsOnlyKeys(P0);
    d.deliver(batch(Map.of(P0, 12L)));
    assertThat(committed(P0)).isEqualTo(-1);
    d.idle();
    assertThat(committed(P0)).isEqualTo(12);
  }

  @Test
  void withACommitIntervalARefusedAlertStopsBeforeAnyLaterCommit() {
    MockProducer<byte[], byte[]> refusing = refusingProducer();
    AtLeastOnceDelivery d =
        new AtLeastOnceDelivery(refusing, source, clock, Duration.ofMillis(100));
    consumer.rebalance(List.of(P0));
    d.deliver(batch(Map.of(P0, 10L)));
    clock.advance(Duration.ofMillis(100));
    assertThatThrownBy(() -> d.deliver(batch(Map.of(P0, 20L))))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("offsets not committed")
        .hasMessageContaining("broker said no");
    assertThat(committed(P0)).isEqualTo(-1);
    assertThatThrownBy(d::idle).hasMessageContaining("offsets not committed");
    assertThat(committed(P0)).isEqualTo(-1);
  }
}
