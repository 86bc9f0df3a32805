package io.varanus.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSectionsTest {

  @TempDir Path dir;

  private static final String BASE =
      """
      input: {format: json}
      features:
        numeric: [{field: bytes}]
      """;

  private EngineConfig load(String yaml) throws Exception {
    Path f = dir.resolve("run.yml");
    Files.writeString(f, BASE + yaml);
    return EngineConfig.load(f);
  }

  @Test
  void readsTheRunSections() throws Exception {
    EngineConfig c =
        load(
            """
            kafka:
              bootstrap.servers: localhost:9092
              sasl.jaas.config: secret-stuff
            topics:
              input: [logs-a, logs-b]
              alerts: alerts
            pipeline:
              group-id: g
              instance-id: varanus-1
              batch-max-size: 1000
              linger: 250ms
              commit-interval: 1s
              warm-up: 0s
              processing-guarantee: exactly-once
              model-store: /var/lib/varanus/models
              model-poll-interval: 1m
            alerting:
              threshold: 40
              entity-field: source.ip
              severities: {low: 0, high: 99, medium: 90}
              suppression-window: 5m
              max-alerts-per-second: 50
            """);
    assertThat(c.kafka().values()).containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(c.kafka().toString()).doesNotContain("secret-stuff");
    assertThat(c.topics().input()).containsExactly("logs-a", "logs-b");
    assertThat(c.topics().deadLetter()).isEqualTo(TopicsConfig.DEFAULT_DEAD_LETTER);
    assertThat(c.pipeline().guarantee()).isEqualTo(PipelineConfig.Guarantee.EXACTLY_ONCE);
    assertThat(c.pipeline().linger()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.pipeline().commitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.pipeline().warmUp()).isZero();
    assertThat(c.pipeline().modelPollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.pipeline().instanceId()).isEqualTo("varanus-1");
    assertThat(c.alerting().severities())
        .extracting(SeverityBand::name)
        .containsExactly("low", "medium", "high");
    assertThat(c.alerting().suppressionWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.alerting().maxAlertsPerSecond()).isEqualTo(50);
  }

  @Test
  void defaultsWithoutRunSections() throws Exception {
    EngineConfig c = load("");
    assertThat(c.pipeline()).isEqualTo(PipelineConfig.defaults());
    assertThat(c.alerting().severities()).isEqualTo(ServiceSections.DEFAULT_SEVERITIES);
    assertThat(c.alerting().suppressionWindow()).isZero();
  }

  @Test
  void rejectsBadValuesKafkaStyle() {
    assertThatThrownBy(() -> load("pipeline: {processing-guarantee: maybe}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "invalid value \"maybe\" for configuration pipeline.processing-guarantee");
    assertThatThrownBy(() -> load("pipeline: {commit-interval: -1s}\n"))
        .hasMessageContaining("pipeline.commit-interval");
    assertThatThrownBy(() -> load("pipeline: {warm-up: -2s}\n"))
        .hasMessageContaining("pipeline.warm-up");
    assertThatThrownBy(() -> load("pipeline: {linger: soon}\n"))
        .hasMessageContaining("pipeline.linger: must be a duration");
    assertThatThrownBy(() -> load("topics: {inputs: [a]}\n"))
        .hasMessageContaining("unknown key topics.inputs");
  }
}
