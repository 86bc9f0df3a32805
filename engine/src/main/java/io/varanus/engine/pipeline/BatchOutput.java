package io.varanus.engine.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one micro-batch produces: the alert and dead-letter records to send, and the offsets to
 * commit once they are acknowledged (the next offset to read, per partition).
 */
public record BatchOutput(
    List<ProducerRecord<byte[], byte[]>> records,
    Map<TopicPartition, OffsetAndMetadata> offsets,
    int alerts,
    int deadLetters) {

  public BatchOutput {
    records = List.copyOf(records);
    offsets = Map.copyOf(offsets);
  }

  /** The same output without the offsets of {@code partitions} (lost to another member). */
  public BatchOutput withoutOffsets(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> kept = new HashMap<>(offsets);
    kept.keySet().removeAll(partitions);
    return new BatchOutput(records, kept, alerts, deadLetters);
  }

  public boolean isEmpty() {
    return records.isEmpty() && offsets.isEmpty();
  }
}
