package io.varanus.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrainJob;
import io.varanus.engine.pipeline.GroupLag;
import io.varanus.models.vae.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The service as users run it: the broker in a JVM of its own ({@link BrokerMain}), {@code varanus
 * run} from the runnable jar in another (fixed heap), and this JVM producing the input and watching
 * the group's committed offsets. Web access logs with 3% attacks, keyed by client address, in a
 * topic of several partitions; a model trained on 5,000 normal events.
 *
 * <ol>
 *   <li>backlog: {@code n} records are produced first; a bare consumer ({@link BareDrain}, its own
 *       JVM) drains them, then the service drains them (parse, featurize, score, alerts published,
 *       offsets committed). Events/s of both from their process start and from their first record,
 *       their ratio, and the service's CPU time per event and RSS.
 *   <li>rate: the service runs while records are produced at a fixed rate; latency from each input
 *       record's timestamp to its alert's (both set by the producers at send), after a warm-up
 *       ({@code -Dbench.warmup.ms}, default 5,000 ms of input); the service's RSS every 15 s.
 * </ol>
 *
 * <p>Arguments: jar, [backlog events, 1000000], [partitions, 6], [rate, 10000], [seconds, 30],
 * [heap, 1g], then optional {@code key=value} pipeline settings for the service's config (e.g.
 * {@code workers=1 batch-max-size=2000 linger=5ms}).
 */
public final class BacklogBench {

  /** Alerts of inputs sent earlier than this after the first are not counted in the latency. */
  private static final long WARM_UP_MS = Long.getLong("bench.warmup.ms", 5_000);

  /** Latency percentiles are also printed per window of this many ms of input. */
  private static final long WINDOW_MS = Long.getLong("bench.window.ms", 10_000);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path jar;
  private final Path dir;
  private final String bootstrap;
  private final String heap;
  private final Map<String, String> pipeline;
  private Path bundle;

  private BacklogBench(Path jar, Path dir, String bootstrap, String heap, Map<String, String> p) {
    this.jar = jar;
    this.dir = dir;
    this.bootstrap = bootstrap;
    this.heap = heap;
    this.pipeline = p;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    String heap = args.length > 5 ? args[5] : "1g";
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (int i = 6; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      settings.put(kv[0], kv[1]);
    }
    System.setProperty("org.slf4j.simpleLogger.log.io.varanus", "warn");
    System.out.printf(
        "BacklogBench: %d processors, load average %s, service heap %s, pipeline %s%n",
        Runtime.getRuntime().availableProcessors(), ServiceBench.loadAverage(), heap, settings);
    Path dir = Files.createTempDirectory("varanus-backlog-bench-");
    Process broker = ChildJvm.start(List.of("-Xms1g", "-Xmx1g"), BrokerMain.class, List.of());
    try {
      String line = new BufferedReader(new InputStreamReader(broker.getInputStream())).readLine();
      if (line == null || !line.startsWith("bootstrap=")) {
        throw new IllegalStateException("the broker process did not start: " + line);
      }
      BacklogBench b = new BacklogBench(jar, dir, line.substring(10), heap, settings);
      b.train();
      if (n > 0) {
        b.backlog(n, partitions);
      }
      if (rate > 0 && seconds > 0) {
        b.rate(rate, seconds, partitions);
      }
    } finally {
      broker.getOutputStream().close();
      broker.waitFor(60, TimeUnit.SECONDS);
      broker.destroyForcibly();
    }
    System.out.printf("load average at end %s%n", ServiceBench.loadAverage());
    System.exit(0);
  }

  private void train() throws Exception {
    Path train = dir.resolve("train.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, 5000, 0.0, 5), train);
    bundle = dir.resolve("bundle");
    new TrainJob(
            EngineConfig.load(config("train")),
            Clock.systemUTC(),
            TrainingListener.none(),
            new PrintStream(OutputStream.nullOutputStream()))
        .run(new TrainJob.Request(List.of(train.toString()), null, null, 0, bundle));
  }

  private void backlog(int n, int partitions) throws Exception {
    String topic = topics("backlog", partitions);
    long t = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (GeneratedEvent e : events(n, 7)) {
        p.send(record(topic, e));
      }
      p.flush();
    }
    System.out.printf("produced %,d records in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
    Process bare =
        ChildJvm.start(
            List.of("-Xms" + heap, "-Xmx" + heap),
            BareDrain.class,
            List.of(bootstrap, topic, Integer.toString(n)));
    String bareLine = new String(bare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    bare.waitFor();
    String[] bareRates = bareLine.trim().split("=")[1].split(" ");
    ServiceProcess s = ServiceProcess.start(jar, heap, config("backlog"), bundle);
    long start = System.nanoTime();
    long first = 0;
    long half = 0;
    long halfLag = 0;
    double halfCpu = 0;
    try (Admin admin = admin()) {
      long lag;
      while ((lag = GroupLag.of(admin, "backlog-group", topic)) != 0) {
        if (first == 0 && lag < n) {
          first = System.nanoTime();
        }
        if (half == 0 && lag <= n / 2) {
          half = System.nanoTime();
          halfLag = lag;
          halfCpu = s.cpuSeconds();
        }
        s.check();
        Thread.sleep(100);
      }
    }
    long end = System.nanoTime();
    double cpu = s.cpuSeconds();
    String rss = s.rss();
    s.stop();
    double fromStart = n / ((end - start) / 1e9);
    double fromFirst = n / ((end - (first == 0 ? start : first)) / 1e9);
    if (half > 0 && end > half) {
      System.out.printf(
          "backlog, second half (the last %,d records, JIT mostly warm): service %,.0f events/s,"
              + " %.1f us of CPU per event%n",
          halfLag, halfLag / ((end - half) / 1e9), (cpu - halfCpu) * 1e6 / halfLag);
    }
    System.out.printf(
        "backlog %,d: bare consumer %,.0f events/s from start, %,.0f from its first record;"
            + " service %,.0f events/s from start (JVM start and group join included), %,.0f from"
            + " its first commit; ratio service/bare %.2f (from start) %.2f (from first);"
            + " service CPU %.1f s, %.1f us/event; %s%n",
        n,
        Double.parseDouble(bareRates[0]),
        Double.parseDouble(bareRates[1]),
        fromStart,
        fromFirst,
        fromStart / Double.parseDouble(bareRates[0]),
        fromFirst / Double.parseDouble(bareRates[1]),
        cpu,
        cpu * 1e6 / n,
        rss);
  }

  private void rate(int rate, int seconds, int partitions) throws Exception {
    String topic = topics("rate", partitions);
    ServiceProcess s = ServiceProcess.start(jar, heap, config("rate"), bundle);
    s.awaitReady(Duration.ofSeconds(60));
    List<GeneratedEvent> events = events(rate * seconds, 11);
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    List<String> rssSamples = new ArrayList<>();
    long start = System.nanoTime();
    long nextSample = start;
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      for (int i = 0; i < events.size(); i++) {
        p.send(
            record(topic, events.get(i)),
            (m, ex) -> {
              if (ex == null) {
                sentAt.put(((long) m.partition() << 40) | m.offset(), m.timestamp());
              }
            });
        long now = System.nanoTime();
        if (now >= nextSample) {
          rssSamples.add(String.format("%.0fs %s", (now - start) / 1e9, s.rss()));
          nextSample += TimeUnit.SECONDS.toNanos(15);
        }
        long wait = start + (long) ((i + 1) * 1e9 / rate) - now;
        if (wait > 200_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      p.flush();
    }
    double achieved = events.size() / ((System.nanoTime() - start) / 1e9);
    try (Admin admin = admin()) {
      while (GroupLag.of(admin, "rate-group", topic) != 0) {
        s.check();
        Thread.sleep(50);
      }
    }
    double cpu = s.cpuSeconds();
    rssSamples.add("end " + s.rss());
    s.stop();
    long firstSent = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
    List<Long> latencies = new ArrayList<>();
    Map<Long, List<Long>> byWindow = new java.util.TreeMap<>();
    for (var a : Topics.readAll(bootstrap, "rate-alerts")) {
      JsonNode j = JSON.readTree(a.value());
      Long in =
          sentAt.get((j.at("/kafka/partition").asLong() << 40) | j.at("/kafka/offset").asLong());
      if (in != null && in - firstSent >= WARM_UP_MS) {
        latencies.add(a.timestamp() - in);
        byWindow
            .computeIfAbsent((in - firstSent) / WINDOW_MS, k -> new ArrayList<>())
            .add(a.timestamp() - in);
      }
    }
    latencies.sort(null);
    StringBuilder windows = new StringBuilder();
    byWindow.forEach(
        (w, l) -> {
          l.sort(null);
          windows.append(
              String.format(
                  "  input sent %3d-%3d s: %,6d alerts, p50 %3d ms, p99 %4d ms, max %4d ms%n",
                  w * WINDOW_MS / 1000,
                  (w + 1) * WINDOW_MS / 1000,
                  l.size(),
                  pct(l, 0.50),
                  pct(l, 0.99),
                  l.get(l.size() - 1)));
        });
    System.out.print(windows);
    System.out.printf(
        "rate %,d events/s (achieved %,.0f) for %d s: %,d alerts after %d ms warm-up;"
            + " event-to-alert"
            + " p50 %d ms, p99 %d ms, max %d ms; service CPU %.1f s (%.1f us/event incl. idle"
            + " start)%nRSS: %s%n",
        rate,
        achieved,
        seconds,
        latencies.size(),
        WARM_UP_MS,
        pct(latencies, 0.50),
        pct(latencies, 0.99),
        latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
        cpu,
        cpu * 1e6 / events.size(),
        String.join(", ", rssSamples));
  }

  private static long pct(List<Long> sorted, double q) {
    return sorted.isEmpty()
        ? -1
        : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  private String topics(String prefix, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + "-in", partitions, (short) 1),
                  new NewTopic(prefix + "-alerts", 1, (short) 1),
                  new NewTopic(prefix + "-dlq", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return prefix + "-in";
  }

  /**
   * The service's config for a run {@code prefix} (its topics and group), metrics on a free port.
   */
  private Path config(String prefix) throws Exception {
    ObjectNode root;
    try (InputStream in = BacklogBench.class.getResourceAsStream("/examples/web.yml")) {
      root = (ObjectNode) YAML.readTree(in);
    }
    root.withObject("/model").put("max-epochs", 15);
    root.remove("labels");
    root.putObject("kafka").put("bootstrap.servers", bootstrap);
    ObjectNode topics = root.putObject("topics");
    topics.putArray("input").add(prefix + "-in");
    topics.put("alerts", prefix + "-alerts");
    topics.put("dead-letter", prefix + "-dlq");
    ObjectNode p = root.putObject("pipeline").put("group-id", prefix + "-group");
    pipeline.forEach(p::put);
    root.putObject("metrics")
        .put("enabled", true)
        .put("host", "127.0.0.1")
        .put("port", ServiceProcess.freePort());
    Path file = dir.resolve(prefix + ".yml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }

  private static List<GeneratedEvent> events(int n, long seed) {
    return ServiceBench.events(n, Instant.parse("2024-03-11T00:00:00Z"), seed);
  }

  /** Keyed by the client address (the access log's first token), as a shipper keys by entity. */
  private static ProducerRecord<byte[], byte[]> record(String topic, GeneratedEvent e) {
    String line = e.line();
    int space = line.indexOf(' ');
    byte[] key = (space > 0 ? line.substring(0, space) : line).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class.getName(),
            ProducerConfig.LINGER_MS_CONFIG,
            "2"));
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
