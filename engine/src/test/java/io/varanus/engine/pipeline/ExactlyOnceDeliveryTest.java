package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.source.KafkaEventSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once delivery over Kafka's mock clients: a transaction the group refused because it
 * rebalanced meanwhile is aborted and reported as refused (the pipeline rewinds the source to the
 * committed offsets); any other failure is fatal.
 */
class ExactlyOnceDeliveryTest {

  private static final TopicPartition P0 = new TopicPartition("in", 0);
  private static final TopicPartition P1 = new TopicPartition("in", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final KafkaEventSource source = new KafkaEventSource(consumer, List.of("in"), null);
  private final ExactlyOnceDelivery delivery = new ExactlyOnceDelivery(producer, source);

  private static BatchOutput batch(long p0, long p1) {
    ProducerRecord<byte[], byte[]> alert =
        new ProducerRecord<>("alerts", "{}".getBytes(StandardCharsets.UTF_8));
    return new BatchOutput(
        List.of(alert), Map.of(P0, new OffsetAndMetadata(p0), P1, new OffsetAndMetadata(p1)), 1, 0);
  }

  @Test
  void aTransactionTheGroupRefusedIsAbortedAndReportedAsRefused() {
    consumer.rebalance(List.of(P0, P1));
    producer.commitTransactionException =
        new CommitFailedException("consumer group metadata mismatch");

    assertThatThrownBy(() -> delivery.deliver(batch(20, 9)))
        .isInstanceOfSatisfying(
            BatchRefusedException.class,
            e -> assertThat(e.partitions()).containsExactlyInAnyOrder(P0, P1))
        .hasMessageContaining("consumer group metadata mismatch");
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.transactionCommitted()).isFalse();

    producer.commitTransactionException = null;
    delivery.deliver(batch(20, 9));
    assertThat(producer.transactionCommitted()).isTrue();
  }

  @Test
  void theSourceRewindsOwnedPartitionsToTheCommittedOffsets() {
    consumer.rebalance(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.commitSync(Map.of(P0, new OffsetAndMetadata(7)));
    consumer.seek(P0, 20);
    consumer.seek(P1, 9);

    var again = source.rewindToCommitted(List.of(P0, P1, new TopicPartition("in", 5)));

    assertThat(again).containsExactlyInAnyOrder(P0, P1);
    assertThat(consumer.position(P0)).isEqualTo(7);
    assertThat(consumer.position(P1)).as("no committed offset: from the beginning").isZero();
  }

  @Test
  void otherFailuresAreFatal() {
    consumer.rebalance(List.of(P0, P1));
    producer.commitTransactionException = new KafkaException("broker says no");

    assertThatThrownBy(() -> delivery.deliver(batch(20, 9)))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("aborted, offsets not committed");
    assertThat(producer.transactionAborted()).isTrue();
  }
}
