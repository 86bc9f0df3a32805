package io.varanus.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.Origin;
import io.varanus.connectors.testing.KraftBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KafkaEventSource against a real in-process KRaft broker. */
class KafkaEventSourceIT {

  private static KraftBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KraftBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private Map<String, Object> consumerConfig(String group) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", broker.bootstrapServers());
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    return c;
  }

  private void produce(String topic, int n) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        ProducerRecord<byte[], byte[]> r =
            new ProducerRecord<>(topic, bytes("key-" + (i % 17)), bytes("line " + i));
        r.headers().add("seq", bytes(Integer.toString(i)));
        producer.send(r);
      }
      producer.flush();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void everyRecordExactlyOnceWithOriginKeyAndHeaders() throws Exception {
    broker.createTopic("logs", 3);
    produce("logs", 1000);
    CountDownLatch assigned = new CountDownLatch(1);
    ConsumerRebalanceListener listener =
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
            assigned.countDown();
          }
        };
    List<RawRecord> all = new ArrayList<>();
    try (KafkaEventSource source =
        new KafkaEventSource(consumerConfig("it-1"), List.of("logs"), listener)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (all.size() < 1000 && System.nanoTime() < deadline) {
        all.addAll(source.poll(Duration.ofMillis(200)));
      }
      assertThat(assigned.await(1, TimeUnit.SECONDS)).isTrue();
      assertThat(source.groupMetadata().groupId()).isEqualTo("it-1");
      assertThat(source.polledOffsets().values().stream().mapToLong(o -> o.offset()).sum())
          .isEqualTo(1000);
      source.commitPolled();
      assertThat(source.polledOffsets()).isEmpty();
    }
    assertThat(all).hasSize(1000);
    Set<String> values = new HashSet<>();
    Set<Origin> origins = new HashSet<>();
    for (RawRecord r : all) {
      values.add(text(r.value()));
      origins.add(r.origin());
      assertThat(r.origin().source()).isEqualTo("logs");
      assertThat(r.origin().isKafka()).isTrue();
      int seq = Integer.parseInt(text(r.header("seq")));
      assertThat(text(r.value())).isEqualTo("line " + seq);
      assertThat(text(r.key())).isEqualTo("key-" + (seq % 17));
      assertThat(r.timestamp()).isNotNull();
    }
    assertThat(values).hasSize(1000);
    assertThat(origins).hasSize(1000);

    // committed: a new member of the same group sees nothing more
    produce("logs", 5);
    List<RawRecord> next = new ArrayList<>();
    try (KafkaEventSource again =
        new KafkaEventSource(consumerConfig("it-1"), List.of("logs"), null)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (next.size() < 5 && System.nanoTime() < deadline) {
        next.addAll(again.poll(Duration.ofMillis(200)));
      }
      again.commitPolled();
    }
    assertThat(next)
        .extracting(r -> text(r.value()))
        .containsExactlyInAnyOrder("line 0", "line 1", "line 2", "line 3", "line 4");
  }

  @Test
  void wakeupStopsABlockedPoll() throws Exception {
    broker.createTopic("quiet", 1);
    AtomicReference<List<RawRecord>> result = new AtomicReference<>();
    try (KafkaEventSource source =
        new KafkaEventSource(consumerConfig("it-2"), List.of("quiet"), null)) {
      Thread poller =
          new Thread(
              () -> {
                List<RawRecord> got = List.of();
                while (!source.isFinished()) {
                  got = source.poll(Duration.ofSeconds(30));
                }
                result.set(got);
              });
      poller.start();
      Thread.sleep(1500);
      source.wakeup();
      poller.join(10_000);
      assertThat(poller.isAlive()).isFalse();
      assertThat(source.isFinished()).isTrue();
      assertThat(result.get()).isEmpty();
    }
  }
}
