package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrainJob;
import io.varanus.engine.store.ModelStore;
import io.varanus.models.io.VaeModelFiles;
import io.varanus.models.vae.TrainingListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults under load, through the process boundary: a broker in a process of its own, and a group of
 * two {@code varanus run} processes consuming a stream of generated web-log lines with hostile
 * records at 1%. Each instance in turn is killed with SIGKILL at random points and restarted; then
 * the broker is stopped and restarted on the same ports and data (the instances must ride it out
 * without a restart, their {@code /readyz} going down and back up). Afterwards a fault-free
 * instance reads the same input with the same model: every input offset must have the same outcome
 * in both runs (alerted, dead-lettered with the same reason, or neither), so nothing is lost;
 * at-least-once may repeat alerts (counted, de-duplicable by alert id), exactly-once shows none to
 * a read_committed reader.
 *
 * <p>The instances read their model from a store; during the kill cycles a bundle with truncated
 * weights and then one whose schema does not match its weights are published as current: running
 * instances refuse them and keep scoring, restarted ones start with the last version that loads, so
 * every alert still names the first model and the outcomes still match the fault-free run.
 *
 * <p>The model has no window features and the alert policy no suppression or rate cap, so an
 * event's outcome depends on the event alone, not on which instance saw what before it.
 *
 * <p>Short form by default; the long form: {@code -Dvaranus.faults.cycles=20
 * -Dvaranus.faults.broker-down=30s} (see README, Reliability).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

  private static final int CYCLES = Integer.getInteger("varanus.faults.cycles", 5);
  private static final Duration BROKER_DOWN =
      Duration.parse("PT" + System.getProperty("varanus.faults.broker-down", "12s"));
  private static final int RATE = Integer.getInteger("varanus.faults.rate", 500);
  private static final int BACKLOG = Integer.getInteger("varanus.faults.backlog", 5000);
  private static final long SEED = Long.getLong("varanus.faults.seed", 2026);
  private static final Duration STEP = Duration.ofSeconds(90);

  private ServiceFixture fx;
  private ExternalBroker broker;
  private Path dir;
  private Path bundle;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
    dir = Files.createTempDirectory("varanus-faults");
    broker = new ExternalBroker(dir, List.of());
    broker.start();
    Path train = dir.resolve("train.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, 3000, 0.0, 13), train);
    bundle = dir.resolve("bundle");
    EngineConfig cfg = EngineConfig.load(fx.writeConfig("faults-train", stateless()));
    new TrainJob(cfg, Clock.systemUTC(), TrainingListener.none(), quiet())
        .run(new TrainJob.Request(List.of(train.toString()), null, null, 0, bundle));
  }

  @AfterAll
  void tearDown() throws Exception {
    if (broker != null) {
      broker.close();
      // the broker's data (hundreds of MB); the processes' logs stay for a look after a failure
      try (var files = Files.walk(dir.resolve("log"))) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
      System.out.println("faults: process logs in " + dir);
    }
  }

  private static Map<String, Object> stateless() {
    return Map.of("features", Map.of("windows", List.of()));
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"at-least-once", "exactly-once"})
  void killsAndABrokerBounceLoseNothing(String guarantee) throws Exception {
    boolean eos = guarantee.equals("exactly-once");
    String prefix = "faults-" + (eos ? "eos" : "alo");
    String group = prefix + "-group";
    broker.createTopic(prefix + "-in", 4, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4194304"));
    for (String t : List.of("-alerts", "-dlq", "-ref-alerts", "-ref-dlq")) {
      broker.createTopic(prefix + t, 1, Map.of());
    }
    // enough input to stream through slow restarts on a busy machine; finish() ends it early
    int events = BACKLOG + RATE * (CYCLES * 45 + (int) BROKER_DOWN.toSeconds() + 120);
    List<byte[]> values = FaultFeed.values(ServiceFixture.events(events, 0.05, SEED), SEED);
    FaultFeed feed =
        new FaultFeed(broker.bootstrapServers(), prefix + "-in", values, BACKLOG, RATE);

    ModelStore store = new ModelStore(dir.resolve(prefix + "-store"));
    store.publish(bundle, "v1");
    Instance[] group2 = new Instance[2];
    for (int i = 0; i < 2; i++) {
      Map<String, Object> pipeline = new HashMap<>();
      pipeline.put("group-id", group);
      pipeline.put("model-store", store.dir().toString());
      pipeline.put("model-poll-interval", "500ms");
      pipeline.put("processing-guarantee", guarantee);
      if (eos) {
        pipeline.put("instance-id", prefix + "-" + i);
      }
      group2[i] = new Instance(prefix + "-" + i, prefix, pipeline, "", null);
    }
    feed.start();
    for (Instance in : group2) {
      in.start();
    }
    for (Instance in : group2) {
      assertThat(in.process.awaitReady(STEP)).as(in.name + " ready").isTrue();
    }

    Random rnd = new Random(SEED);
    int kills = 0;
    for (int c = 0; c < CYCLES; c++) {
      Thread.sleep(200 + rnd.nextInt(2300));
      Instance victim = group2[rnd.nextInt(2)];
      long before = committed(group);
      victim.process.kill9();
      kills++;
      victim.start();
      assertThat(victim.process.awaitReady(STEP)).as(victim.name + " ready after kill").isTrue();
      System.out.printf(
          "faults %s: cycle %d killed %s; committed %d -> %d%n",
          guarantee, c + 1, victim.name, before, committed(group));
      if (c == 0) {
        publishBroken(store, "v2-truncated", group2, this::truncateWeights);
      } else if (c == CYCLES / 2) {
        publishBroken(store, "v3-wrong-schema", group2, this::dropALayoutColumn);
      }
    }

    assertThat(feed.sent()).as("input still streaming at the bounce").isLessThan(values.size());
    Bounce bounce = bounceBroker(group, group2);
    int produced = feed.finish();
    awaitLagZero(group, prefix + "-in", Duration.ofMinutes(4));
    for (Instance in : group2) {
      int code = in.process.terminate(Duration.ofSeconds(60));
      // the JVM ends a SIGTERM-initiated shutdown with 128 + 15, after the hook's clean stop
      assertThat(code).as(in.name + " exit code after SIGTERM").isEqualTo(143);
    }

    Map<String, Object> refPipeline = Map.of("group-id", prefix + "-ref");
    Instance ref = new Instance(prefix + "-ref", prefix, refPipeline, "-ref", bundle);
    long refStart = System.nanoTime();
    ref.start();
    awaitLagZero(prefix + "-ref", prefix + "-in", Duration.ofMinutes(4));
    double refSeconds = (System.nanoTime() - refStart) / 1e9;
    ref.process.terminate(Duration.ofSeconds(60));

    String bootstrap = broker.bootstrapServers();
    Outcomes got = Outcomes.read(bootstrap, prefix + "-alerts", prefix + "-dlq", eos);
    Outcomes want = Outcomes.read(bootstrap, prefix + "-ref-alerts", prefix + "-ref-dlq", false);
    assertThat(inputRecords(prefix + "-in")).as("input records, no duplicates").isEqualTo(produced);
    assertThat(want.deadLettered()).as("hostile records dead-lettered").isPositive();
    assertThat(want.alerted()).isPositive();
    Map<String, String> lost = new TreeMap<>(want.byOrigin());
    lost.keySet().removeAll(got.byOrigin().keySet());
    Map<String, String> extra = new TreeMap<>(got.byOrigin());
    extra.keySet().removeAll(want.byOrigin().keySet());
    System.out.printf(
        "faults %s: %d input records (%d hostile), %d kill -9 cycles survived, broker down %ds"
            + " (readyz down: %s, ready again %.1fs and committing %.1fs after the restart);"
            + " %d alerted, %d dead-lettered, %d lost, %d extra, %d duplicate alerts, %d"
            + " duplicate dead letters; fault-free run %.1fs%n",
        guarantee,
        produced,
        produced / FaultFeed.HOSTILE_EVERY,
        kills,
        BROKER_DOWN.toSeconds(),
        bounce.sawNotReady(),
        bounce.readySeconds(),
        bounce.progressSeconds(),
        want.alerted(),
        want.deadLettered(),
        lost.size(),
        extra.size(),
        got.duplicateAlerts(),
        got.duplicateDeadLetters(),
        refSeconds);
    assertThat(lost).as("events lost").isEmpty();
    assertThat(got.modelVersions())
        .as("every alert scored by the first model, the broken ones refused")
        .containsExactly(v1Version());
    assertThat(got.byOrigin()).isEqualTo(want.byOrigin());
    if (eos) {
      assertThat(got.duplicateAlerts()).as("duplicate alerts, read_committed").isZero();
      assertThat(got.duplicateDeadLetters()).as("duplicate dead letters").isZero();
    }
    assertThat(bounce.sawNotReady()).as("/readyz went down while the broker was").isTrue();
    assertThat(bounce.sawUnreachableMetric()).as("varanus_kafka_reachable 0 seen").isTrue();
  }

  private interface Breakage {
    void apply(Path bundleCopy) throws Exception;
  }

  /**
   * Publishes a broken copy of the bundle as the store's current version; the running instances
   * must refuse it (their failed-reload count goes up by one) and stay ready, and instances
   * restarted later start with the last version that loads.
   */
  private void publishBroken(
      ModelStore store, String version, Instance[] instances, Breakage breakage) throws Exception {
    Path copy = dir.resolve(store.dir().getFileName() + "-" + version);
    Files.createDirectories(copy);
    try (var files = Files.list(bundle)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    breakage.apply(copy);
    double[] before = {refusals(instances[0]), refusals(instances[1])};
    store.publish(copy, version);
    long end = System.nanoTime() + STEP.toNanos();
    while (System.nanoTime() < end
        && !(refusals(instances[0]) > before[0] && refusals(instances[1]) > before[1])) {
      Thread.sleep(100);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(refusals(instances[i]))
          .as(instances[i].name + " refused " + version)
          .isEqualTo(before[i] + 1);
      assertThat(instances[i].process.readyz())
          .as(instances[i].name + " still ready")
          .isEqualTo(200);
    }
  }

  private static final Pattern REFUSALS =
      Pattern.compile("varanus_model_reloads_total\\{result=\"failed\"} (\\S+)");

  /** The instance's count of refused model versions, from its metrics. */
  private static double refusals(Instance in) {
    Matcher m = REFUSALS.matcher(in.process.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** Cuts the weights file in half (the manifest's checksum no longer matches). */
  private void truncateWeights(Path b) throws Exception {
    Path w = b.resolve(VaeModelFiles.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(w);
    Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  /**
   * Removes one column from the model's input layout and fixes the manifest's checksum: the files
   * are intact, but the schema no longer matches the weights or the featurizer.
   */
  private void dropALayoutColumn(Path b) throws Exception {
    Path vae = b.resolve("vae.json");
    ObjectNode model = (ObjectNode) ServiceFixture.JSON.readTree(vae.toFile());
    ((ArrayNode) model.get("layout")).remove(0);
    ServiceFixture.JSON.writeValue(vae.toFile(), model);
    Path manifest = b.resolve(ModelBundles.MANIFEST);
    ObjectNode m = (ObjectNode) ServiceFixture.JSON.readTree(manifest.toFile());
    ((ObjectNode) m.get("files")).put("vae.json", ModelBundles.sha256(Files.readAllBytes(vae)));
    ServiceFixture.JSON.writeValue(manifest.toFile(), m);
  }

  private String v1Version() throws Exception {
    return ServiceFixture.JSON
        .readTree(bundle.resolve(ModelBundles.MANIFEST).toFile())
        .get("modelVersion")
        .asText();
  }

  private record Bounce(
      boolean sawNotReady,
      boolean sawUnreachableMetric,
      double readySeconds,
      double progressSeconds) {}

  /**
   * Stops the broker for {@link #BROKER_DOWN} and starts it again; the instances must stay up,
   * report not ready meanwhile, and become ready and commit again afterwards.
   */
  private Bounce bounceBroker(String group, Instance[] instances) throws Exception {
    long[] pids = {instances[0].process.pid(), instances[1].process.pid()};
    long before = committed(group);
    broker.stop();
    long end = System.nanoTime() + BROKER_DOWN.toNanos();
    boolean notReady = false;
    boolean metric = false;
    while (System.nanoTime() < end) {
      for (Instance in : instances) {
        assertThat(in.process.isAlive()).as(in.name + " alive while the broker is down").isTrue();
        if (in.process.readyz() == 503) {
          notReady = true;
          metric |= in.process.metrics().contains("varanus_kafka_reachable 0");
        }
      }
      Thread.sleep(250);
    }
    broker.start();
    long up = System.nanoTime();
    for (Instance in : instances) {
      assertThat(in.process.awaitReady(STEP)).as(in.name + " ready after the bounce").isTrue();
    }
    double ready = (System.nanoTime() - up) / 1e9;
    long deadline = System.nanoTime() + STEP.toNanos();
    while (committed(group) <= before && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    double progress = (System.nanoTime() - up) / 1e9;
    assertThat(committed(group)).as("commits after the bounce").isGreaterThan(before);
    for (int i = 0; i < 2; i++) {
      assertThat(instances[i].process.pid()).as("no restart").isEqualTo(pids[i]);
      assertThat(instances[i].process.isAlive()).isTrue();
    }
    return new Bounce(notReady, metric, ready, progress);
  }

  /** Sum of the group's committed offsets (0 while it has none or the broker does not answer). */
  private long committed(String group) {
    try (Admin admin = broker.admin()) {
      Map<?, OffsetAndMetadata> m =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      return m.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
    } catch (Exception e) {
      return 0;
    }
  }

  private long inputRecords(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      return GroupLag.of(admin, "faults-nobody", topic);
    }
  }

  private void awaitLagZero(String group, String topic, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    long lag = -1;
    try (Admin admin = broker.admin()) {
      while (System.nanoTime() < end) {
        lag = GroupLag.of(admin, group, topic);
        if (lag == 0) {
          return;
        }
        Thread.sleep(250);
      }
    }
    throw new AssertionError("group " + group + " still lags " + lag + " records on " + topic);
  }

  /** One service slot: its config (own metrics port) and the process running it now. */
  private final class Instance {
    final String name;
    final Path config;
    final int port;
    ServiceProcess process;

    final Path model;

    Instance(String name, String prefix, Map<String, Object> pipeline, String outputs, Path model)
        throws Exception {
      this.name = name;
      this.model = model;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Map<String, Object> p = new HashMap<>(pipeline);
      p.put("linger", "50ms");
      p.put("batch-max-size", 256);
      Map<String, Object> sections = new HashMap<>(stateless());
      sections.put(
          "kafka",
          Map.of(
              "bootstrap.servers", broker.bootstrapServers(),
              "session.timeout.ms", 6000,
              "heartbeat.interval.ms", 1000));
      sections.put(
          "topics",
          Map.of(
              "input", List.of(prefix + "-in"),
              "alerts", prefix + outputs + "-alerts",
              "dead-letter", prefix + outputs + "-dlq"));
      sections.put("pipeline", p);
      sections.put("metrics", Map.of("enabled", true, "host", "127.0.0.1", "port", port));
      config = fx.writeConfig(name, sections);
    }

    void start() throws Exception {
      process = ServiceProcess.start(config, model, port, dir.resolve(name + ".log"));
    }
  }
}
