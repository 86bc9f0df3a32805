package io.varanus.connectors.source;

import io.varanus.connectors.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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

  private static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 3000;

  private final Consumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, OffsetAndMetadata> polled = new LinkedHashMap<>();
  private final double heartbeatLimitSeconds;
  private final boolean resetToLatest;
  private final Metric heartbeatAge;
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
    this(
        new KafkaConsumer<>(config(consumerConfig)),
        topics,
        listener,
        heartbeatIntervalMs(consumerConfig),
        "latest"
            .equals(String.valueOf(consumerConfig.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))));
  }

  /** Wraps a consumer the caller built (for tests, a {@code MockConsumer}) and subscribes it. */
  public KafkaEventSource(
      Consumer<byte[], byte[]> consumer,
      Collection<String> topics,
      ConsumerRebalanceListener listener) {
    this(consumer, topics, listener, DEFAULT_HEARTBEAT_INTERVAL_MS, false);
  }

  private KafkaEventSource(
      Consumer<byte[], byte[]> consumer,
      Collection<String> topics,
      ConsumerRebalanceListener listener,
      long heartbeatIntervalMs,
      boolean resetToLatest) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.resetToLatest = resetToLatest;
    this.heartbeatAge = heartbeatAgeMetric(consumer);
    this.heartbeatLimitSeconds = 2 * heartbeatIntervalMs / 1000.0 + 1;
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

  private static long heartbeatIntervalMs(Map<String, ?> given) {
    Object v = given.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    try {
      return v == null ? DEFAULT_HEARTBEAT_INTERVAL_MS : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      return DEFAULT_HEARTBEAT_INTERVAL_MS; // the consumer itself reports the bad value
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
   * Moves each given partition this member still owns back to the group's committed offset (a
   * remote call), so that records polled but never committed are read again; a partition without a
   * committed offset goes where {@code auto.offset.reset} says. For a transaction the group refused
   * (it moved to a new generation): the partitions this member lost are reread by their new owner.
   *
   * @return the partitions moved back
   */
  public Set<TopicPartition> rewindToCommitted(Collection<TopicPartition> partitions) {
    Set<TopicPartition> owned = new HashSet<>(partitions);
    owned.retainAll(consumer.assignment());
    if (owned.isEmpty()) {
      return Set.of();
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
    List<TopicPartition> none = new ArrayList<>();
    for (TopicPartition tp : owned) {
      OffsetAndMetadata o = committed.get(tp);
      if (o == null) {
        none.add(tp);
      } else {
        consumer.seek(tp, o);
      }
      polled.remove(tp);
    }
    if (!none.isEmpty() && resetToLatest) {
      consumer.seekToEnd(none);
    } else if (!none.isEmpty()) {
      consumer.seekToBeginning(none);
    }
    return owned;
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

  private static Metric heartbeatAgeMetric(Consumer<byte[], byte[]> consumer) {
    for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
      if (e.getKey().name().equals("last-heartbeat-seconds-ago")
          && e.getKey().group().equals("consumer-coordinator-metrics")) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Whether the group coordinator is reachable: false once no heartbeat went out for more than
   * twice the heartbeat interval plus a second (the broker is down or unreachable, or a rebalance
   * waits for a member that is gone). True while the consumer has not sent a heartbeat yet or does
   * not report heartbeats. No remote call; any thread may ask (a health check does, while the
   * pipeline thread may be blocked waiting for the broker).
   */
  public boolean coordinatorReachable() {
    if (heartbeatAge == null) {
      return true;
    }
    return !(heartbeatAge.metricValue() instanceof Number age)
        || age.doubleValue() < 0
        || age.doubleValue() <= heartbeatLimitSeconds;
  }

  /** How many partitions {@code topic} has, from the consumer's metadata. */
  public int partitionCount(String topic) {
    var partitions = consumer.partitionsFor(topic);
    return partitions == null ? 0 : partitions.size();
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
