package io.varanus.engine.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.pipeline.GroupLag;
import io.varanus.engine.pipeline.KafkaPipeline;
import io.varanus.engine.pipeline.PipelineListener;
import io.varanus.engine.pipeline.PipelineStats;
import io.varanus.engine.store.LiveModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One stream of the demo, live: produces generated log lines into the input topic at a fixed rate
 * while a {@link KafkaPipeline} scores them, prints a status line (events/s, alerts, lag) about
 * every second, and when the group has committed everything, reads the alerts topic back and joins
 * each alert to the generator's label of the record it names (topic partition and offset).
 */
public final class LiveDemo {

  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);
  private static final Duration MAX_RUN = Duration.ofMinutes(10);

  private final EmbeddedKafka kafka;
  private final PrintStream out;
  private final boolean terminal;
  private final PipelineListener listener;

  /**
   * {@code terminal}: rewrite one status line in place instead of printing one per second; {@code
   * listener} is told what the service does (the demo's metrics).
   */
  public LiveDemo(
      EmbeddedKafka kafka, PrintStream out, boolean terminal, PipelineListener listener) {
    this.kafka = kafka;
    this.out = out;
    this.terminal = terminal;
    this.listener = listener;
  }

  /** What the service alerted on, against the labels. */
  public record Result(
      long events,
      long attacks,
      long alerts,
      long alertsOnAttacks,
      long attacksCaught,
      double seconds,
      Map<String, long[]> perClass) {

    public double precision() {
      return alerts == 0 ? Double.NaN : (double) alertsOnAttacks / alerts;
    }

    public double recall() {
      return attacks == 0 ? Double.NaN : (double) attacksCaught / attacks;
    }
  }

  /**
   * Runs the service from {@code config} (its {@code kafka}, {@code topics} and {@code pipeline}
   * sections name this broker, one input topic, the alerts and dead-letter topics and the group)
   * with the bundle in {@code bundleDir}, and streams {@code events} at {@code rate} per second.
   */
  public Result run(Path config, Path bundleDir, List<GeneratedEvent> events, int rate)
      throws IOException, InterruptedException {
    EngineConfig cfg = EngineConfig.load(config);
    String input = cfg.topics().input().get(0);
    // One partition: the lines carry no key, and per-entity window features need each entity's
    // events in order (a keyed topic would keep that per partition).
    kafka.createTopic(input, 1);
    kafka.createTopic(cfg.topics().alerts(), 1);
    kafka.createTopic(cfg.topics().deadLetter(), 1);
    Clock clock = Clock.systemUTC();
    LiveModel model = LiveModel.fixed(bundleDir, cfg.input(), clock, null, 3);
    KafkaPipeline pipeline = new KafkaPipeline(cfg, model, clock, listener);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread service = new Thread(() -> runService(pipeline, failure), "varanus-demo-service");
    Map<Long, GeneratedEvent> sent = new ConcurrentHashMap<>();
    Thread producer =
        new Thread(() -> produce(input, events, rate, sent, failure), "varanus-demo-producer");
    long start = System.nanoTime();
    service.start();
    producer.start();
    try {
      watch(
          pipeline,
          cfg.pipeline().groupId(),
          input,
          producer,
          service,
          failure,
          cfg.pipeline().warmUp());
    } finally {
      pipeline.stop();
      producer.interrupt();
      producer.join();
      pipeline.awaitStopped(cfg.pipeline().shutdownTimeout().plusSeconds(5));
    }
    if (failure.get() != null) {
      throw new IOException("The live run failed: " + failure.get().getMessage(), failure.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return score(cfg.topics().alerts(), sent, seconds);
  }

  private static void runService(KafkaPipeline pipeline, AtomicReference<Throwable> failure) {
    try {
      pipeline.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void produce(
      String topic,
      List<GeneratedEvent> events,
      int rate,
      Map<Long, GeneratedEvent> sent,
      AtomicReference<Throwable> failure) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < events.size(); i++) {
        GeneratedEvent e = events.get(i);
        producer.send(
            new ProducerRecord<>(topic, e.line().getBytes(StandardCharsets.UTF_8)),
            (m, ex) -> {
              if (ex != null) {
                failure.compareAndSet(null, ex);
              } else {
                sent.put(origin(m.partition(), m.offset()), e);
              }
            });
        long due = start + (long) ((i + 1) * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void watch(
      KafkaPipeline pipeline,
      String group,
      String topic,
      Thread producer,
      Thread service,
      AtomicReference<Throwable> failure,
      Duration warmUp)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + MAX_RUN.toNanos();
    long lastConsumed = 0;
    long lastTime = System.nanoTime();
    try (Admin admin = kafka.admin()) {
      while (failure.get() == null && service.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(STATUS_EVERY.toMillis());
        PipelineStats.Snapshot s = pipeline.stats().snapshot();
        long now = System.nanoTime();
        double perSecond = (s.consumed() - lastConsumed) / ((now - lastTime) / 1e9);
        lastConsumed = s.consumed();
        lastTime = now;
        long lag = lag(admin, group, topic);
        boolean warming = s.consumed() == 0 && now - started < warmUp.toNanos() + 2_000_000_000L;
        status(
            String.format(
                "   %,8d events scored  %,7.0f events/s  %,6d alerts  %,6d dead letters  lag %,d%s",
                s.scored(),
                perSecond,
                s.alerts(),
                s.deadLettered(),
                lag,
                warming ? "  (the service warms up first: pipeline.warm-up)" : ""));
        if (!producer.isAlive() && lag == 0) {
          break;
        }
      }
    }
    if (terminal) {
      out.println();
    }
  }

  private void status(String line) {
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Records of {@code topic} the group has not committed yet; -1 while it cannot tell. */
  private static long lag(Admin admin, String group, String topic) throws InterruptedException {
    try {
      return GroupLag.of(admin, group, topic);
    } catch (ExecutionException e) {
      return -1;
    }
  }

  private Result score(String alertsTopic, Map<Long, GeneratedEvent> sent, double seconds) {
    ObjectMapper json = new ObjectMapper();
    Map<Long, Integer> alerted = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(alertsTopic)) {
      try {
        JsonNode a = json.readTree(r.value());
        alerted.merge(
            origin(a.at("/kafka/partition").asInt(), a.at("/kafka/offset").asLong()),
            1,
            Integer::sum);
      } catch (IOException e) {
        throw new IllegalStateException("An alert that is not JSON in " + alertsTopic, e);
      }
    }
    long attacks = 0;
    long caught = 0;
    long alertsOnAttacks = 0;
    long alerts = 0;
    Map<String, long[]> perClass = new java.util.TreeMap<>();
    for (Map.Entry<Long, GeneratedEvent> e : sent.entrySet()) {
      int n = alerted.getOrDefault(e.getKey(), 0);
      alerts += n;
      if (e.getValue().isAttack()) {
        attacks++;
        alertsOnAttacks += n;
        long[] c = perClass.computeIfAbsent(e.getValue().attackClass(), k -> new long[2]);
        c[0]++;
        if (n > 0) {
          caught++;
          c[1]++;
        }
      }
    }
    return new Result(sent.size(), attacks, alerts, alertsOnAttacks, caught, seconds, perClass);
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + topic + " back took over 60 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static long origin(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }
}
