package io.varanus.connectors.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads exactly the records of a {@link KafkaRange}, outside any consumer group (nothing is
 * committed), and is finished when every partition reached its end offset. Records at or past a
 * partition's end that one fetch returned are dropped, so two reads of a range are identical.
 */
public final class KafkaRangeSource implements EventSource {

  private final Consumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Long> end = new HashMap<>();

  public KafkaRangeSource(Map<String, ?> consumerConfig, KafkaRange range) {
    this(KafkaRange.consumer(consumerConfig), range);
  }

  /** Reads through a consumer the caller built (tests pass a {@code MockConsumer}). */
  public KafkaRangeSource(Consumer<byte[], byte[]> consumer, KafkaRange range) {
    this.consumer = consumer;
    List<TopicPartition> parts = new ArrayList<>();
    range
        .start()
        .forEach(
            (p, s) -> {
              if (range.end().get(p) > s) {
                TopicPartition tp = new TopicPartition(range.topic(), p);
                parts.add(tp);
                end.put(tp, range.end().get(p));
              }
            });
    consumer.assign(parts);
    for (TopicPartition tp : parts) {
      consumer.seek(tp, range.start().get(tp.partition()));
    }
  }

  @Override
  public List<RawRecord> poll(Duration timeout) {
    if (end.isEmpty()) {
      return List.of();
    }
    List<RawRecord> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      Long stop = end.get(tp);
      if (stop != null && r.offset() < stop) {
        out.add(KafkaEventSource.raw(r));
      }
    }
    // a partition is done once the position passed its end (transaction markers and compacted
    // records have offsets but no records, so the position, not the last record, decides)
    List<TopicPartition> done = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) >= e.getValue()) {
        done.add(e.getKey());
      }
    }
    if (!done.isEmpty()) {
      done.forEach(end::remove);
      consumer.pause(done);
    }
    return out;
  }

  @Override
  public boolean isFinished() {
    return end.isEmpty();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
