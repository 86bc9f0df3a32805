package io.varanus.connectors.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A fixed slice of a topic, every partition: for each, the first offset to read and the offset to
 * stop before. Resolved once against the brokers, so that reading it again (retraining reads a
 * window two or three times) yields the same records even while producers keep appending.
 *
 * @param topic the topic
 * @param start per partition, the first offset to read
 * @param end per partition, the offset to stop before (the log end when the range was resolved,
 *     unless given)
 */
public record KafkaRange(String topic, Map<Integer, Long> start, Map<Integer, Long> end) {

  public KafkaRange {
    start = Collections.unmodifiableMap(new TreeMap<>(start));
    end = Collections.unmodifiableMap(new TreeMap<>(end));
    if (!start.keySet().equals(end.keySet())) {
      throw new IllegalArgumentException(
          "A Kafka range needs a start and an end for the same partitions, got "
              + start.keySet()
              + " and "
              + end.keySet());
    }
  }

  /** The number of records in the range (offsets; compacted or aborted ones count too). */
  public long size() {
    long n = 0;
    for (Map.Entry<Integer, Long> e : start.entrySet()) {
      n += Math.max(0, end.get(e.getKey()) - e.getValue());
    }
    return n;
  }

  /** For logs and provenance: {@code topic[p: start-end, ...]}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    start.forEach((p, s) -> parts.add(p + ": " + s + "-" + end.get(p)));
    return topic + "[" + String.join(", ", parts) + "]";
  }

  /**
   * Every partition of {@code topic} from the first record with a timestamp at or after {@code
   * since} up to the current log end.
   */
  public static KafkaRange since(Map<String, ?> consumerConfig, String topic, Instant since) {
    try (Consumer<byte[], byte[]> c = consumer(consumerConfig)) {
      List<TopicPartition> parts = partitions(c, topic);
      Map<TopicPartition, Long> query = new HashMap<>();
      parts.forEach(tp -> query.put(tp, since.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query, TIMEOUT);
      Map<TopicPartition, Long> ends = c.endOffsets(parts, TIMEOUT);
      Map<Integer, Long> start = new LinkedHashMap<>();
      Map<Integer, Long> end = new LinkedHashMap<>();
      for (TopicPartition tp : parts) {
        OffsetAndTimestamp o = found.get(tp);
        long e = ends.get(tp);
        start.put(tp.partition(), o == null ? e : o.offset());
        end.put(tp.partition(), e);
      }
      return new KafkaRange(topic, start, end);
    }
  }

  /**
   * Every partition of {@code topic} from the given offsets (partitions not named start at their
   * first retained record) up to the given end offsets (partitions not named end at the current log
   * end). Offsets outside a partition's retained log are clamped to it.
   */
  public static KafkaRange offsets(
      Map<String, ?> consumerConfig,
      String topic,
      Map<Integer, Long> from,
      Map<Integer, Long> until) {
    try (Consumer<byte[], byte[]> c = consumer(consumerConfig)) {
      List<TopicPartition> parts = partitions(c, topic);
      List<Integer> known = parts.stream().map(TopicPartition::partition).toList();
      for (Integer p : concat(from.keySet(), until.keySet())) {
        if (!known.contains(p)) {
          throw new IllegalArgumentException(
              "Topic " + topic + " has no partition " + p + "; its partitions are " + known);
        }
      }
      Map<TopicPartition, Long> first = c.beginningOffsets(parts, TIMEOUT);
      Map<TopicPartition, Long> last = c.endOffsets(parts, TIMEOUT);
      Map<Integer, Long> start = new LinkedHashMap<>();
      Map<Integer, Long> end = new LinkedHashMap<>();
      for (TopicPartition tp : parts) {
        long lo = first.get(tp);
        long hi = last.get(tp);
        long e = clamp(until.getOrDefault(tp.partition(), hi), lo, hi);
        long s = clamp(from.getOrDefault(tp.partition(), lo), lo, e);
        start.put(tp.partition(), s);
        end.put(tp.partition(), e);
      }
      return new KafkaRange(topic, start, end);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static List<Integer> concat(
      java.util.Collection<Integer> a, java.util.Collection<Integer> b) {
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static List<TopicPartition> partitions(Consumer<byte[], byte[]> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("Topic " + topic + " does not exist or has no partitions");
    }
    return infos.stream()
        .map(i -> new TopicPartition(topic, i.partition()))
        .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
        .toList();
  }

  /** A consumer outside any group: assigned partitions, no commits. */
  static Consumer<byte[], byte[]> consumer(Map<String, ?> given) {
    Map<String, Object> c = new HashMap<>(given);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    c.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(c);
  }
}
