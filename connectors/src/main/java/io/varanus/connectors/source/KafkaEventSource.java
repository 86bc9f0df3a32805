package io.varanus.connectors.source;

import io.varanus.connectors.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads micro-batches of raw records from Kafka topics as one member of a consumer group. The
 * consumer settings pass through unchanged (so SASL and TLS work as users know them), except that
 * keys and values are always read as bytes and auto-commit is off unless set: the caller commits
 * what it has processed with {@link #commitPolled()} or {@link #commit(Map)}, or hands {@link
 * #polledOffsets()} and {@link #groupMetadata()} to a transactional producer.
 *
 * <p>Not thread-safe, like the consumer, except {@link #wakeup()}: another thread calls it to stop
 * a blocked poll; the source then reports {@link #isFinished()}.
 */
public final class KafkaEventSource implements EventSource {

  private final Consumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, OffsetAndMetadata> polled = new LinkedHashMap<>();
  private volatile boolean finished;

  /**
   * Subscribes a new consumer to the topics.
   *
   * @param consumerConfig Kafka consumer settings; {@code group.id} and {@code bootstrap.servers}
   *     are required
   * @param listener told of partition assignments and revocations (may be null)
   */
  public KafkaEventSource(
      Map<String, ?> consumerConfig,
      Collection<String> topics,
      ConsumerRebalanceListener listener) {
    this(new KafkaConsumer<>(config(consumerConfig)), topics, listener);
  }

  /** Wraps a consumer the caller built (for tests, a {@code MockConsumer}) and subscribes it. */
  public KafkaEventSource(
      Consumer<byte[], byte[]> consumer,
      Collection<String> topics,
      ConsumerRebalanceListener listener) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    if (topics == null || topics.isEmpty()) {
      consumer.close();
      throw new IllegalArgumentException(
          "Invalid value [] for topics: must name at least one topic");
    }
    if (listener == null) {
      consumer.subscribe(List.copyOf(topics));
    } else {
      consumer.subscribe(List.copyOf(topics), listener);
    }
  }

  private static Map<String, Object> config(Map<String, ?> given) {
    Map<String, Object> c = new HashMap<>(given);
    if (c.get(ConsumerConfig.GROUP_ID_CONFIG) == null) {
      throw new IllegalArgumentException(
          "Missing required configuration \"group.id\": the source commits offsets for a group");
    }
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return c;
  }

  /**
   * The next records, waiting at most {@code timeout}. After {@link #wakeup()} this returns an
   * empty list and the source is finished.
   */
  @Override
  public List<RawRecord> poll(Duration timeout) {
    if (finished) {
      return List.of();
    }
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(timeout);
    } catch (WakeupException e) {
      finished = true;
      return List.of();
    }
    List<RawRecord> batch = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      batch.add(raw(r));
      polled.put(
          new TopicPartition(r.topic(), r.partition()),
          new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), ""));
    }
    return batch;
  }

  static RawRecord raw(ConsumerRecord<byte[], byte[]> r) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      headers.put(h.key(), h.value());
    }
    byte[] value = r.value() == null ? new byte[0] : r.value();
    Instant time = r.timestamp() >= 0 ? Instant.ofEpochMilli(r.timestamp()) : null;
    return new RawRecord(
        new Origin(r.topic(), r.partition(), r.offset()), r.key(), value, headers, time);
  }

  /** The next offsets after everything polled since the last commit, per partition. */
  public Map<TopicPartition, OffsetAndMetadata> polledOffsets() {
    return Map.copyOf(polled);
  }

  /** Synchronously commits everything polled so far. */
  public void commitPolled() {
    if (!polled.isEmpty()) {
      consumer.commitSync(new HashMap<>(polled));
      polled.clear();
    }
  }

  /** Synchronously commits the given offsets (the next record to read, per partition). */
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    consumer.commitSync(offsets);
    offsets.forEach(
        (tp, o) -> polled.computeIfPresent(tp, (k, v) -> v.offset() <= o.offset() ? null : v));
  }

  /**
   * Forgets polled offsets of partitions the group took away; a rebalance listener calls this from
   * {@code onPartitionsRevoked} or {@code onPartitionsLost} after committing what it may.
   */
  public void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(polled::remove);
  }

  /** For {@code producer.sendOffsetsToTransaction(offsets, groupMetadata())}. */
  public ConsumerGroupMetadata groupMetadata() {
    return consumer.groupMetadata();
  }

  /**
   * Per assigned partition, the records between the position and the high watermark of the last
   * fetch (no remote call); empty while the consumer has not fetched from the partition yet.
   */
  public Map<TopicPartition, OptionalLong> lag() {
    Map<TopicPartition, OptionalLong> lag = new LinkedHashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      lag.put(tp, consumer.currentLag(tp));
    }
    return lag;
  }

  /** The partitions the group assigned to this member now. */
  public Set<TopicPartition> assignment() {
    return Set.copyOf(consumer.assignment());
  }

  /** Stops a blocked or the next poll from another thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void close() {
    finished = true;
    consumer.close();
  }
}
