package io.varanus.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A range reads exactly its records: from each partition's start offset up to (not including) its
 * end offset, nothing past the end even when a fetch returns it, and is finished when every
 * partition reached its end. Empty partitions are not read at all.
 */
class KafkaRangeSourceTest {

  private static final TopicPartition P0 = new TopicPartition("logs", 0);
  private static final TopicPartition P1 = new TopicPartition("logs", 1);
  private static final TopicPartition P2 = new TopicPartition("logs", 2);

  private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        offset,
        null,
        (tp.partition() + "@" + offset).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsExactlyTheRangeOfEveryPartition() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    KafkaRange range =
        new KafkaRange("logs", Map.of(0, 2L, 1, 0L, 2, 5L), Map.of(0, 5L, 1, 2L, 2, 5L));
    KafkaRangeSource source = new KafkaRangeSource(consumer, range);
    assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
    for (long o = 2; o < 7; o++) {
      consumer.addRecord(record(P0, o)); // offsets 5 and 6 lie past the end
    }
    for (long o = 0; o < 3; o++) {
      consumer.addRecord(record(P1, o));
    }

    List<String> read = new ArrayList<>();
    for (int i = 0; i < 5 && !source.isFinished(); i++) {
      source
          .poll(Duration.ofMillis(10))
          .forEach(r -> read.add(new String(r.value(), StandardCharsets.UTF_8)));
    }

    assertThat(source.isFinished()).isTrue();
    assertThat(read).containsExactlyInAnyOrder("0@2", "0@3", "0@4", "1@0", "1@1");
    assertThat(range.size()).isEqualTo(5);
    assertThat(range.describe()).isEqualTo("logs[0: 2-5, 1: 0-2, 2: 5-5]");
  }

  @Test
  void anEmptyRangeIsFinishedAtOnce() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    KafkaRangeSource source =
        new KafkaRangeSource(consumer, new KafkaRange("logs", Map.of(0, 3L), Map.of(0, 3L)));
    assertThat(source.isFinished()).isTrue();
    assertThat(source.poll(Duration.ZERO)).isEmpty();
  }
}
