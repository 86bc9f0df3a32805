package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.MetricsConfig;
import io.varanus.engine.metrics.MetricsServer;
import io.varanus.engine.metrics.ServiceMetrics;
import io.varanus.engine.store.LiveModel;
import io.varanus.engine.store.ModelStore;
import io.varanus.models.io.VaeModelFiles;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboard and alert rules against a real Prometheus (the {@code prometheus} binary;
 * skipped where it is not installed, {@code .ci/run} installs it): the service runs on the
 * in-process broker with generator traffic (5% attacks, 2% malformed lines), Prometheus scrapes it
 * with {@code docker/prometheus/prometheus.yml} (target address replaced, 1s intervals), a new
 * model version is swapped in and a broken one refused, and then every query of every dashboard
 * panel must return data; every alert rule must parse and load.
 */
class PrometheusDashboardIT {

  static final Path DOCKER = Path.of("..", "docker");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Grafana's variables as it expands them for a 15s scrape interval and "All" instances. */
  static final Map<String, String> GRAFANA_VARIABLES =
      Map.of(
          "$__rate_interval", "1m",
          "$__interval", "15s",
          "$__range", "1h",
          "${instance}", ".*",
          "$instance", ".*");

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyPanelShowsDataAndEveryRuleLoads() throws Exception {
    Path binary = prometheusBinary();
    assumeTrue(binary != null, "prometheus is not installed (apt-get install prometheus)");
    ServiceFixture fx = ServiceFixture.shared();
    String prefix = "prom";
    fx.createTopics(prefix, 2);
    ModelStore store = new ModelStore(tmp.resolve("store"));
    store.publish(fx.bundle, "v1");
    Path cfgFile =
        fx.writeConfig(
            prefix,
            fx.service(
                prefix,
                fx.broker.bootstrapServers(),
                Map.of("model-store", store.dir().toString(), "model-poll-interval", "200ms")));
    EngineConfig cfg = EngineConfig.load(cfgFile);
    LiveModel model =
        LiveModel.fromStore(
            store, cfg.input(), Clock.systemUTC(), cfg.pipeline().modelPollInterval(), null, 3);

    ServiceMetrics metrics = new ServiceMetrics();
    KafkaPipeline pipeline = new KafkaPipeline(cfg, model, Clock.systemUTC(), metrics);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread service = new Thread(() -> run(pipeline, failure), "pipeline-prom");
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> produce(fx, prefix + "-in", producing), "traffic-prom");
    Process prometheus = null;
    try (MetricsServer server =
        MetricsServer.start(new MetricsConfig(true, "127.0.0.1", 0), metrics)) {
      service.start();
      traffic.start();
      int promPort = freePort();
      prometheus = startPrometheus(binary, server.port(), promPort);
      String api = "http://127.0.0.1:" + promPort;
      awaitReady(api, prometheus);
      // reload only after a scrape saw the counters at 0, or increase() has no start to count from
      awaitSeries(api, "varanus_model_reloads_total{result=\"failed\"} == 0");
      reloadTwice(store, fx.bundle, model);
      awaitData(api);
      assertThat(get("http://127.0.0.1:" + server.port() + "/readyz").statusCode()).isEqualTo(200);
      assertThat(get("http://127.0.0.1:" + server.port() + "/healthz").statusCode()).isEqualTo(200);

      List<String> failures = new ArrayList<>();
      int queries = 0;
      for (Map.Entry<String, String> q : panelQueries().entrySet()) {
        queries++;
        JsonNode r = query(api, q.getValue());
        if (!"success".equals(r.path("status").asText())) {
          failures.add(q.getKey() + ": " + r.path("error").asText() + "\n    " + q.getValue());
        } else if (r.at("/data/result").isEmpty()) {
          failures.add(q.getKey() + ": no data\n    " + q.getValue());
        }
      }
      Map<String, String> rules = alertRules();
      for (Map.Entry<String, String> rule : rules.entrySet()) {
        JsonNode r = query(api, rule.getValue());
        if (!"success".equals(r.path("status").asText())) {
          failures.add("rule " + rule.getKey() + ": " + r.path("error").asText());
        }
      }
      assertThat(failures).as("%d panel queries", queries).isEmpty();
      assertThat(queries).isGreaterThanOrEqualTo(20);

      // The rules loaded and evaluate without errors; with 2% malformed lines the dead-letter
      // ratio rule matches, and with traffic flowing "no events scored" does not.
      JsonNode loaded = json(get(api + "/api/v1/rules?type=alert").body());
      List<String> names = new ArrayList<>();
      for (JsonNode g : loaded.at("/data/groups")) {
        for (JsonNode r : g.get("rules")) {
          names.add(r.get("name").asText());
          assertThat(r.path("health").asText()).as(r.get("name").asText()).isNotEqualTo("err");
        }
      }
      assertThat(names).containsExactlyInAnyOrderElementsOf(rules.keySet());
      assertThat(query(api, rules.get("VaranusDeadLetterRatioHigh")).at("/data/result"))
          .isNotEmpty();
      assertThat(query(api, rules.get("VaranusModelReloadFailed")).at("/data/result")).isNotEmpty();
      assertThat(query(api, rules.get("VaranusNoEventsScored")).at("/data/result")).isEmpty();

      // Exemplars on the score histogram name the event's topic, partition and offset.
      long now = Instant.now().getEpochSecond();
      JsonNode ex =
          json(
              get(api
                      + "/api/v1/query_exemplars?query="
                      + enc("varanus_anomaly_score_bucket")
                      + "&start="
                      + (now - 600)
                      + "&end="
                      + (now + 5))
                  .body());
      JsonNode first = ex.at("/data/0/exemplars/0/labels");
      assertThat(first.path("topic").asText()).isEqualTo(prefix + "-in");
      assertThat(first.path("offset").asText()).matches("\\d+");
      assertThat(first.path("partition").asText()).matches("[01]");
    } finally {
      producing.set(false);
      traffic.join(10_000);
      if (prometheus != null) {
        prometheus.destroy();
        prometheus.waitFor(10, TimeUnit.SECONDS);
      }
      pipeline.stop();
      service.join(60_000);
    }
    if (failure.get() != null) {
      throw new AssertionError("the service failed", failure.get());
    }
  }

  /** Panel title and query letter to the query, with Grafana's variables expanded. */
  static Map<String, String> panelQueries() throws Exception {
    JsonNode dash = JSON.readTree(DOCKER.resolve("grafana/dashboards/varanus.json").toFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode p : dash.get("panels")) {
      for (JsonNode t : p.path("targets")) {
        String expr = t.get("expr").asText();
        for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
          expr = expr.replace(v.getKey(), v.getValue());
        }
        assertThat(expr).as("every variable expanded").doesNotContain("$");
        out.put(p.get("title").asText() + " / " + t.get("refId").asText(), expr);
      }
    }
    return out;
  }

  static Map<String, String> alertRules() throws Exception {
    JsonNode doc =
        ServiceFixture.YAML.readTree(DOCKER.resolve("prometheus/varanus-alerts.yml").toFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode g : doc.get("groups")) {
      for (JsonNode r : g.get("rules")) {
        out.put(r.get("alert").asText(), r.get("expr").asText());
      }
    }
    return out;
  }

  /** Publishes a copy of the model (swapped in: ok) and then a broken one (refused: failed). */
  private void reloadTwice(ModelStore store, Path bundle, LiveModel model) throws Exception {
    store.publish(bundle, "v2");
    await(() -> model.reloadsOk() == 1, "the swap to v2");
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    try (var files = Files.list(bundle)) {
      for (Path f : files.toList()) {
        Files.copy(f, broken.resolve(f.getFileName()));
      }
    }
    Files.write(broken.resolve(VaeModelFiles.WEIGHTS_FILE), new byte[] {1, 2, 3});
    store.publish(broken, "v3");
    await(() -> model.reloadsFailed() == 1, "v3 to be refused");
  }

  private static void await(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static void run(KafkaPipeline pipeline, AtomicReference<Throwable> failure) {
    try {
      pipeline.run();
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /** About 1,000 events/s with 5% attacks, and one malformed line after every 50 events. */
  private static void produce(ServiceFixture fx, String topic, AtomicBoolean producing) {
    try (KafkaProducer<byte[], byte[]> p = fx.producer()) {
      long seed = 100;
      while (producing.get()) {
        List<GeneratedEvent> events = ServiceFixture.events(100, 0.05, seed++);
        for (int i = 0; i < events.size(); i++) {
          p.send(
              new ProducerRecord<>(topic, events.get(i).line().getBytes(StandardCharsets.UTF_8)));
          if (i % 50 == 49) {
            p.send(
                new ProducerRecord<>(topic, ("garbage " + seed).getBytes(StandardCharsets.UTF_8)));
          }
        }
        p.flush();
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process startPrometheus(Path binary, int targetPort, int listenPort) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("prometheus"));
    String config =
        Files.readString(DOCKER.resolve("prometheus/prometheus.yml"))
            .replace("varanus:9464", "127.0.0.1:" + targetPort)
            .replace("scrape_interval: 15s", "scrape_interval: 1s")
            .replace("evaluation_interval: 15s", "evaluation_interval: 1s");
    assertThat(config).contains("127.0.0.1:" + targetPort).contains("scrape_interval: 1s");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    Files.copy(DOCKER.resolve("prometheus/varanus-alerts.yml"), dir.resolve("varanus-alerts.yml"));
    return new ProcessBuilder(
            binary.toString(),
            "--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + listenPort,
            "--enable-feature=exemplar-storage")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
  }

  private void awaitReady(String api, Process prometheus) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      assertThat(prometheus.isAlive())
          .as("prometheus exited: " + Files.readString(tmp.resolve("prometheus/prometheus.log")))
          .isTrue();
      try {
        if (get(api + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("prometheus not ready after 60s");
  }

  private void awaitSeries(String api, String promql) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (query(api, promql).at("/data/result").isEmpty()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no result for " + promql + " after 60s");
      }
      Thread.sleep(250);
    }
  }

  /** Waits until Prometheus holds a minute-worth of scrapes with scores, alerts, dead letters. */
  private void awaitData(String api) throws Exception {
    String probe =
        "count_over_time(varanus_events_scored_total[1m]) >= 20"
            + " and on() sum(varanus_alerts_published_total) > 0"
            + " and on() sum(varanus_events_dead_lettered_total) > 0"
            + " and on() count(varanus_consumer_lag_records) > 0"
            + " and on() sum(varanus_model_reloads_total{result=\"failed\"}) > 0";
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < end) {
      if (!query(api, probe).at("/data/result").isEmpty()) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "no scraped data after 120s: " + query(api, "varanus_events_scored_total"));
  }

  private JsonNode query(String api, String promql) throws Exception {
    return json(get(api + "/api/v1/query?query=" + enc(promql)).body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The prometheus binary on the PATH, or null. */
  static Path prometheusBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "prometheus");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
