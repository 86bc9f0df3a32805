package io.varanus.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.demo.EmbeddedKafka;
import io.varanus.engine.offline.TrainJob;
import io.varanus.engine.pipeline.GroupLag;
import io.varanus.engine.pipeline.KafkaPipeline;
import io.varanus.engine.store.LiveModel;
import io.varanus.models.vae.TrainingListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The service end to end on the in-process broker (broker, producer and service share this JVM):
 * throughput of a backlog (input topic to alerts topic, offsets committed) and, at fixed input
 * rates, the latency from an input record's timestamp to its alert's timestamp (both set by the
 * producers when they send). Web access logs with 3% attacks, 3 input partitions, the pipeline's
 * default settings (at-least-once, batches of up to 500, linger 100 ms), a model trained on 5,000
 * normal events for 15 epochs.
 *
 * <p>Arguments: [backlog events, default 100000] [rates, default 1000,5000] [seconds per rate,
 * default 20]. The first 3 s of each rate are warm-up and not counted.
 */
public final class ServiceBench {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WARM_UP_MS = 3_000;

  private final EmbeddedKafka kafka;
  private final Path dir;
  private final Path bundle;

  /** Trains the bundle the service scores with (in {@code dir}); {@link ServiceSoak} reuses it. */
  ServiceBench(EmbeddedKafka kafka, Path dir) throws Exception {
    this.kafka = kafka;
    this.dir = dir;
    Path train = dir.resolve("train.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, 5000, 0.0, 5), train);
    bundle = dir.resolve("bundle");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    new TrainJob(
            EngineConfig.load(config("train")), Clock.systemUTC(), TrainingListener.none(), quiet)
        .run(new TrainJob.Request(List.of(train.toString()), null, null, 0, bundle));
  }

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int[] rates =
        Arrays.stream((args.length > 1 ? args[1] : "1000,5000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.setProperty("org.slf4j.simpleLogger.log.io.varanus", "warn");
    System.out.printf(
        "ServiceBench: %d processors, load average at start %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    Path dir = Files.createTempDirectory("varanus-service-bench-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      ServiceBench b = new ServiceBench(kafka, dir);
      b.throughput(backlog);
      for (int rate : rates) {
        b.latency(rate, seconds);
      }
    }
    System.out.printf(
        "peak RSS %s (broker, producer and service in one JVM); load average at end %s%n",
        peakRss(), loadAverage());
    System.exit(0);
  }

  private void throughput(int n) throws Exception {
    String prefix = "backlog";
    Path cfg = topics(prefix);
    List<GeneratedEvent> events = events(n, 7);
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (GeneratedEvent e : events) {
        p.send(new ProducerRecord<>(prefix + "-in", e.line().getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
    Running r = start(cfg);
    long t0 = System.nanoTime();
    long first = 0;
    try (Admin admin = kafka.admin()) {
      while (GroupLag.of(admin, prefix + "-group", prefix + "-in") != 0) {
        if (first == 0 && r.pipeline.stats().snapshot().consumed() > 0) {
          first = System.nanoTime();
        }
        r.check();
        Thread.sleep(50);
      }
    }
    long t1 = System.nanoTime();
    var s = r.stop();
    System.out.printf(
        "backlog: %,d events, %,d alerts; %,.0f events/s from start (incl. group join),"
            + " %,.0f events/s from the first record; %d batches%n",
        n,
        s.alerts(),
        n / ((t1 - t0) / 1e9),
        n / ((t1 - (first == 0 ? t0 : first)) / 1e9),
        s.batches());
  }

  private void latency(int rate, int seconds) throws Exception {
    String prefix = "rate-" + rate;
    Path cfg = topics(prefix);
    Running r = start(cfg);
    List<GeneratedEvent> events = events(rate * seconds, 11);
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (int i = 0; i < events.size(); i++) {
        p.send(
            new ProducerRecord<>(
                prefix + "-in", events.get(i).line().getBytes(StandardCharsets.UTF_8)),
            (m, ex) -> {
              if (ex != null) {
                failure.set(ex);
              } else {
                sentAt.put(origin(m.partition(), m.offset()), m.timestamp());
              }
            });
        long wait = start + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
        if (wait > 500_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      p.flush();
    }
    double achieved = events.size() / ((System.nanoTime() - start) / 1e9);
    try (Admin admin = kafka.admin()) {
      while (GroupLag.of(admin, prefix + "-group", prefix + "-in") != 0) {
        r.check();
        Thread.sleep(50);
      }
    }
    r.stop();
    if (failure.get() != null) {
      throw failure.get();
    }
    long firstSent = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
    List<Long> latencies = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> a : readAll(prefix + "-alerts")) {
      JsonNode j = JSON.readTree(a.value());
      Long in =
          sentAt.get(origin(j.at("/kafka/partition").asInt(), j.at("/kafka/offset").asLong()));
      if (in != null && in - firstSent >= WARM_UP_MS) {
        latencies.add(a.timestamp() - in);
      }
    }
    latencies.sort(null);
    System.out.printf(
        "rate %,d events/s (achieved %,.0f) for %d s: %,d alerts measured after warm-up;"
            + " event-to-alert latency p50 %d ms, p99 %d ms, max %d ms%n",
        rate,
        achieved,
        seconds,
        latencies.size(),
        pct(latencies, 0.50),
        pct(latencies, 0.99),
        latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
  }

  private static long pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  record Running(KafkaPipeline pipeline, Thread thread, AtomicReference<Throwable> failure) {
    void check() {
      if (failure.get() != null) {
        throw new IllegalStateException("the service failed", failure.get());
      }
    }

    io.varanus.engine.pipeline.PipelineStats.Snapshot stop() throws InterruptedException {
      pipeline.stop();
      thread.join(60_000);
      check();
      return pipeline.stats().snapshot();
    }
  }

  Running start(Path config) {
    EngineConfig cfg = EngineConfig.load(config);
    LiveModel model = LiveModel.fixed(bundle, cfg.input(), Clock.systemUTC(), null, 3);
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
            "bench-service");
    t.start();
    return new Running(pipeline, t, failure);
  }

  /** Creates the run's topics and writes its config. */
  Path topics(String prefix) throws Exception {
    kafka.createTopic(prefix + "-in", 3);
    kafka.createTopic(prefix + "-alerts", 1);
    kafka.createTopic(prefix + "-dlq", 1);
    return config(prefix);
  }

  private Path config(String prefix) throws Exception {
    ObjectNode root;
    try (InputStream in = ServiceBench.class.getResourceAsStream("/examples/web.yml")) {
      root = (ObjectNode) YAML.readTree(in);
    }
    root.withObject("/model").put("max-epochs", 15);
    root.remove("labels");
    root.putObject("kafka").put("bootstrap.servers", kafka.bootstrapServers());
    ObjectNode topics = root.putObject("topics");
    topics.putArray("input").add(prefix + "-in");
    topics.put("alerts", prefix + "-alerts");
    topics.put("dead-letter", prefix + "-dlq");
    root.putObject("pipeline").put("group-id", prefix + "-group");
    Path file = dir.resolve(prefix + ".yml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }

  private static List<GeneratedEvent> events(int n, long seed) {
    return events(n, Instant.parse("2024-03-11T00:00:00Z"), seed);
  }

  /** Web access-log events with 3% attacks, the first at {@code start}. */
  static List<GeneratedEvent> events(int n, Instant start, long seed) {
    return SecurityLogGenerator.generate(new GeneratorConfig(LogStream.WEB, n, 0.03, start, seed));
  }

  KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    return new KafkaProducer<>(p);
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return Topics.readAll(kafka.bootstrapServers(), topic);
  }

  private static long origin(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String peakRss() {
    long kb = statusKb("VmHWM");
    return kb < 0 ? "unknown" : String.format("%,d MiB", kb / 1024);
  }

  /** A kB field of /proc/self/status ({@code VmRSS}, {@code VmHWM}, ...), or -1 if unknown. */
  static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
