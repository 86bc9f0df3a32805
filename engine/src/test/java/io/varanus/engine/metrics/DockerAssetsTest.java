package io.varanus.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.engine.config.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot run on the development machines, so the compose file, the Dockerfile and the
 * Prometheus and Grafana assets are checked by parsing them: services wired together, every bind
 * mount present in the repository, the mounted Varanus config valid, dashboard and rules well
 * formed. {@code PrometheusDashboardIT} then runs every query against a real Prometheus.
 */
class DockerAssetsTest {

  static final Path DOCKER = Path.of("..", "docker");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode yaml(String file) throws Exception {
    return YAML.readTree(DOCKER.resolve(file).toFile());
  }

  @Test
  void composeWiresKafkaVaranusReplayerPrometheusAndGrafana() throws Exception {
    JsonNode compose = yaml("docker-compose.yml");
    JsonNode services = compose.get("services");
    Set<String> names = new HashSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains("kafka", "varanus", "replayer", "prometheus", "grafana", "varanus-prepare");
    Set<String> namedVolumes = new HashSet<>();
    compose.get("volumes").fieldNames().forEachRemaining(namedVolumes::add);

    for (String name : names) {
      JsonNode s = services.get(name);
      assertThat(s.has("image") || s.has("build")).as(name + " has an image or a build").isTrue();
      if (s.has("build")) {
        Path context = DOCKER.resolve(s.at("/build/context").asText());
        assertThat(context.resolve(s.at("/build/dockerfile").asText())).isRegularFile();
      }
      for (JsonNode v : s.path("volumes")) {
        String source = v.asText().split(":")[0];
        if (source.startsWith(".")) {
          assertThat(DOCKER.resolve(source)).as(name + " mounts " + source).exists();
        } else {
          assertThat(namedVolumes).as(name + " uses a declared volume").contains(source);
        }
      }
      for (String dep : dependencies(s)) {
        assertThat(names).as(name + " depends on " + dep).contains(dep);
      }
    }
    assertThat(dependencies(services.get("varanus"))).contains("kafka-init", "varanus-prepare");
    assertThat(services.at("/varanus/depends_on/varanus-prepare/condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(dependencies(services.get("replayer"))).contains("kafka-init");
    assertThat(dependencies(services.get("grafana"))).contains("prometheus");
    assertThat(services.at("/varanus/ports/0").asText()).isEqualTo("9464:9464");
    assertThat(services.at("/prometheus/ports/0").asText()).isEqualTo("9090:9090");
    assertThat(services.at("/grafana/ports/0").asText()).isEqualTo("3000:3000");

    JsonNode kafka = services.at("/kafka/environment");
    assertThat(kafka.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:9092");
    assertThat(kafka.get("CLUSTER_ID").asText()).hasSize(22);
  }

  private static List<String> dependencies(JsonNode service) {
    List<String> out = new ArrayList<>();
    JsonNode d = service.path("depends_on");
    if (d.isArray()) {
      d.forEach(n -> out.add(n.asText()));
    } else {
      d.fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void theMountedConfigIsValidAndMatchesTheCompose() throws Exception {
    EngineConfig cfg = EngineConfig.load(DOCKER.resolve("varanus/varanus.yml"));
    assertThat(cfg.kafka().values()).containsEntry("bootstrap.servers", "kafka:9092");
    assertThat(cfg.topics().input()).containsExactly("web-logs");
    assertThat(cfg.metrics().port()).isEqualTo(9464);
    assertThat(cfg.pipeline().modelStore()).hasToString("/var/lib/varanus/models");
    assertThat(yaml("docker-compose.yml").at("/services/replayer/environment/TOPIC").asText())
        .isEqualTo("web-logs");
  }

  @Test
  void retrainJobsPassValidArgumentsToVaranusRetrain() throws Exception {
    JsonNode cron = yaml("kubernetes/retrain-cronjob.yaml");
    assertThat(cron.get("kind").asText()).isEqualTo("CronJob");
    assertThat(cron.at("/spec/schedule").asText().split(" ")).hasSize(5);
    assertThat(cron.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
    JsonNode container = cron.at("/spec/jobTemplate/spec/template/spec/containers/0");
    List<String> cronArgs = new ArrayList<>();
    container.get("args").forEach(a -> cronArgs.add(a.asText()));
    JsonNode compose = yaml("docker-compose.yml").at("/services/varanus-retrain");
    List<String> composeArgs = new ArrayList<>();
    compose.get("command").forEach(a -> composeArgs.add(a.asText()));
    for (List<String> args : List.of(cronArgs, composeArgs)) {
      assertThat(args.get(0)).isEqualTo("retrain");
      picocli.CommandLine.ParseResult parsed =
          new picocli.CommandLine(new io.varanus.engine.cli.VaranusCli())
              .parseArgs(args.toArray(String[]::new));
      picocli.CommandLine.ParseResult sub = parsed.subcommand();
      assertThat(sub.hasMatchedOption("--from-topic")).as(args.toString()).isTrue();
      assertThat(sub.hasMatchedOption("--since")).as(args.toString()).isTrue();
      assertThat(sub.hasMatchedOption("--allow-list")).as(args.toString()).isTrue();
    }
    assertThat(
            io.varanus.engine.retrain.AllowList.load(DOCKER.resolve("varanus/allow-list.txt"))
                .size())
        .isPositive();
    EngineConfig cfg = EngineConfig.load(DOCKER.resolve("varanus/varanus.yml"));
    assertThat(cfg.retrain().gate().maxAlertVolumeRatio()).isEqualTo(2.0);
  }

  @Test
  void dockerfileBuildsWithMavenAndRunsOnAJre17AsNonRoot() throws Exception {
    List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).hasSize(2);
    assertThat(from.get(0)).contains("maven").contains("17").endsWith("AS build");
    assertThat(from.get(1)).contains("17-jre");
    assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build"));
    assertThat(lines.stream().filter(l -> l.startsWith("USER ")).toList())
        .singleElement()
        .satisfies(u -> assertThat(u).doesNotContain("root").doesNotContain(" 0"));
    for (String l : lines) {
      if (l.startsWith("COPY ") && !l.startsWith("COPY --from")) {
        String[] parts = l.replace("--chmod=755 ", "").split("\\s+");
        for (int i = 1; i < parts.length - 1; i++) {
          assertThat(DOCKER.resolve("..").resolve(parts[i])).as(l).exists();
        }
      }
    }
  }

  @Test
  void prometheusConfigAndRulesParse() throws Exception {
    JsonNode prom = yaml("prometheus/prometheus.yml");
    assertThat(prom.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo("varanus:9464");
    for (JsonNode f : prom.get("rule_files")) {
      assertThat(DOCKER.resolve("prometheus").resolve(f.asText())).isRegularFile();
    }
    Map<String, String> rules = alertRules();
    assertThat(rules.keySet())
        .contains(
            "VaranusNoEventsScored",
            "VaranusDeadLetterRatioHigh",
            "VaranusConsumerLagGrowing",
            "VaranusModelReloadFailed");
    assertThat(rules.get("VaranusNoEventsScored")).contains("[5m]");
    assertThat(rules.get("VaranusDeadLetterRatioHigh")).contains("0.01");
  }

  @Test
  void dashboardParsesAndShowsEveryServiceMetric() throws Exception {
    JsonNode dash = JSON.readTree(DOCKER.resolve("grafana/dashboards/varanus.json").toFile());
    JsonNode ds = yaml("grafana/provisioning/datasources/prometheus.yml").at("/datasources/0");
    Set<Integer> ids = new HashSet<>();
    StringBuilder all = new StringBuilder();
    for (JsonNode p : dash.get("panels")) {
      assertThat(ids.add(p.get("id").asInt())).as("unique panel id").isTrue();
      if (p.get("type").asText().equals("row")) {
        continue;
      }
      assertThat(p.at("/datasource/uid").asText()).isEqualTo(ds.get("uid").asText());
      assertThat(p.get("targets")).as(p.get("title").asText()).isNotEmpty();
      for (JsonNode t : p.get("targets")) {
        assertThat(t.get("expr").asText()).isNotBlank();
        all.append(t.get("expr").asText()).append('\n');
      }
    }
    for (String metric :
        List.of(
            "varanus_events_consumed_total",
            "varanus_events_scored_total",
            "varanus_events_dead_lettered_total",
            "varanus_alerts_published_total",
            "varanus_anomaly_score_bucket",
            "varanus_scoring_duration_seconds_bucket",
            "varanus_batch_size_bucket",
            "varanus_consumer_lag_records",
            "varanus_model_info",
            "varanus_alert_threshold",
            "varanus_model_reloads_total")) {
      assertThat(all).as("a panel shows " + metric).contains(metric);
    }
    JsonNode provider = yaml("grafana/provisioning/dashboards/varanus.yml").at("/providers/0");
    assertThat(provider.at("/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");
  }

  /** Alert name to expression, from the shipped rules file. */
  static Map<String, String> alertRules() throws Exception {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (JsonNode g : yaml("prometheus/varanus-alerts.yml").get("groups")) {
      for (JsonNode r : g.get("rules")) {
        out.put(r.get("alert").asText(), r.get("expr").asText());
      }
    }
    return out;
  }
}
