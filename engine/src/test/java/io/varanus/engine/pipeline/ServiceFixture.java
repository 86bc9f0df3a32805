package io.varanus.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.connectors.testing.KraftBroker;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrainJob;
import io.varanus.engine.store.LiveModel;
import io.varanus.models.vae.TrainingListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the service ITs share: one broker, one small web-log model trained from generator data (15
 * epochs on 3,000 normal events), configs written from {@code examples/web.yml}, a producer of
 * generated events, readers of output topics and the group's committed offsets.
 */
final class ServiceFixture implements AutoCloseable {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  final KraftBroker broker;
  final Path dir;
  final Path bundle;

  /** A produced input event: where it landed and whether the generator made it an attack. */
  record Sent(TopicPartition partition, long offset, boolean attack) {}

  /** A running service and what it threw, if anything. */
  record Running(KafkaPipeline pipeline, Thread thread, AtomicReference<Throwable> failure) {
    void stop() throws Exception {
      pipeline.stop();
      thread.join(TimeUnit.SECONDS.toMillis(60));
      if (failure.get() != null) {
        throw new AssertionError("the service failed", failure.get());
      }
    }
  }

  private static ServiceFixture shared;

  /** One fixture per test JVM: the broker and the model are shared by every service IT. */
  static synchronized ServiceFixture shared() throws Exception {
    if (shared == null) {
      shared = new ServiceFixture();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "service-fixture-close"));
    }
    return shared;
  }

  private ServiceFixture() throws Exception {
    broker = KraftBroker.start();
    dir = Files.createTempDirectory("varanus-service-it");
    Path train = dir.resolve("train.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, 3000, 0.0, 11), train);
    bundle = dir.resolve("bundle");
    EngineConfig cfg = EngineConfig.load(writeConfig("train", Map.of()));
    new TrainJob(cfg, Clock.systemUTC(), TrainingListener.none(), quiet())
        .run(new TrainJob.Request(List.of(train.toString()), null, null, 0, bundle));
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }

  /**
   * Writes web.yml with a short training and the given top-level sections replaced (values are maps
   * or lists as YAML would give them).
   */
  Path writeConfig(String name, Map<String, Object> sections) throws Exception {
    ObjectNode root;
    try (var in = getClass().getResourceAsStream("/examples/web.yml")) {
      root = (ObjectNode) YAML.readTree(in);
    }
    ((ObjectNode) root.get("model")).put("max-epochs", 15);
    root.remove("labels");
    for (Map.Entry<String, Object> e : sections.entrySet()) {
      JsonNode v = YAML.valueToTree(e.getValue());
      if (root.get(e.getKey()) instanceof ObjectNode existing && v instanceof ObjectNode add) {
        existing.setAll(add);
      } else {
        root.set(e.getKey(), v);
      }
    }
    Path file = dir.resolve(name + ".yml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }

  /** The run sections for one test: its own topics and group. */
  Map<String, Object> service(String prefix, String bootstrap, Map<String, Object> pipeline) {
    Map<String, Object> p = new HashMap<>(pipeline);
    p.putIfAbsent("group-id", prefix + "-group");
    p.putIfAbsent("linger", "50ms");
    p.putIfAbsent("batch-max-size", 256);
    // the tests check behaviour, not speed: no warm-up unless a test asks (it delays the join,
    // which changes who gets the partitions first when several instances start together)
    p.putIfAbsent("warm-up", "0s");
    return Map.of(
        "kafka", Map.of("bootstrap.servers", bootstrap),
        "topics",
            Map.of(
                "input", List.of(prefix + "-in"),
                "alerts", prefix + "-alerts",
                "dead-letter", prefix + "-dlq"),
        "pipeline", p);
  }

  void createTopics(String prefix, int inputPartitions) throws Exception {
    broker.createTopic(prefix + "-in", inputPartitions);
    broker.createTopic(prefix + "-alerts", 1);
    broker.createTopic(prefix + "-dlq", 1);
  }

  Running start(Path config, LiveModel model) {
    EngineConfig cfg = EngineConfig.load(config);
    KafkaPipeline pipeline = new KafkaPipeline(cfg, model, Clock.systemUTC());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                pipeline.run();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "pipeline-" + cfg.pipeline().groupId());
    t.start();
    return new Running(pipeline, t, failure);
  }

  LiveModel fixedModel(Path config) {
    EngineConfig cfg = EngineConfig.load(config);
    return LiveModel.fixed(bundle, cfg.input(), Clock.systemUTC(), null, 3);
  }

  static List<GeneratedEvent> events(int n, double attackRate, long seed) {
    return SecurityLogGenerator.generate(
        new GeneratorConfig(
            LogStream.WEB, n, attackRate, Instant.parse("2024-03-11T00:00:00Z"), seed));
  }

  KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /** Sends the events' lines (keyed by nothing) and returns where each landed. */
  List<Sent> produce(String topic, List<GeneratedEvent> events) throws Exception {
    List<Sent> out = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
      for (GeneratedEvent e : events) {
        acks.add(p.send(new ProducerRecord<>(topic, e.line().getBytes(StandardCharsets.UTF_8))));
      }
      p.flush();
      for (int i = 0; i < acks.size(); i++) {
        RecordMetadata m = acks.get(i).get();
        out.add(
            new Sent(
                new TopicPartition(m.topic(), m.partition()),
                m.offset(),
                events.get(i).isAttack()));
      }
    }
    return out;
  }

  /** Everything in {@code topic}, read until it was quiet for a second. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
    return readAll(broker.bootstrapServers(), topic, readCommitted);
  }

  /** Everything in {@code topic} on the given brokers, read until it was quiet for a second. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, boolean readCommitted) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(1)) {
        var records = c.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          records.forEach(out::add);
          quietSince = System.nanoTime();
        }
      }
    }
    return out;
  }

  static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return JSON.readTree(r.value());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + new String(r.value(), StandardCharsets.UTF_8), e);
    }
  }

  /** Waits until the group committed every record of {@code topic}; fails after the timeout. */
  void awaitCommitted(String group, String topic, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    long[] lag = {-1};
    try (Admin admin = broker.admin()) {
      while (System.nanoTime() < end) {
        lag[0] = GroupLag.of(admin, group, topic);
        if (lag[0] == 0) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("group " + group + " still lags " + lag[0] + " records on " + topic);
  }

  @Override
  public void close() {
    broker.close();
  }
}
