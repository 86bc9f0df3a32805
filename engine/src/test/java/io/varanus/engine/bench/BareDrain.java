package io.varanus.engine.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the machine can drain with nothing but a consumer: reads {@code n} records of a topic as a
 * new consumer group (records as bytes, touching each value's length, committing nothing) and
 * prints {@code bare events/s=<from start> <from first record>}. Arguments: bootstrap, topic, n.
 */
public final class BareDrain {

  private BareDrain() {}

  public static void main(String[] args) {
    String bootstrap = args[0];
    String topic = args[1];
    long n = Long.parseLong(args[2]);
    Map<String, Object> c =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "bare-drain-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName());
    long start = System.nanoTime();
    long first = 0;
    long seen = 0;
    long bytes = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      while (seen < n) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (first == 0 && !records.isEmpty()) {
          first = System.nanoTime();
        }
        for (var r : records) {
          bytes += r.value().length;
          seen++;
        }
      }
    }
    long end = System.nanoTime();
    System.out.printf(
        "bare events/s=%.0f %.0f bytes=%d%n",
        n / ((end - start) / 1e9), n / ((end - first) / 1e9), bytes);
  }
}
