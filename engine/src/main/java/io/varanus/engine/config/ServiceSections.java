package io.varanus.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the sections only {@code varanus run} uses: {@code kafka}, {@code topics}, {@code
 * pipeline}, {@code metrics} and the alert policy keys of {@code alerting}.
 */
final class ServiceSections {

  static final List<SeverityBand> DEFAULT_SEVERITIES =
      List.of(
          new SeverityBand("low", 0),
          new SeverityBand("medium", 99),
          new SeverityBand("high", 99.9),
          new SeverityBand("critical", 100));

  private ServiceSections() {}

  static KafkaSettings kafka(ConfigNode k, JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node != null) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isValueNode() && !e.getValue().isArray()) {
          throw k.invalid(e.getKey(), e.getValue(), "must be a Kafka client setting value");
        }
        values.put(e.getKey(), clientValue(e.getValue()));
      }
    }
    return new KafkaSettings(values);
  }

  private static String clientValue(JsonNode v) {
    if (!v.isArray()) {
      return v.asText();
    }
    List<String> parts = new ArrayList<>();
    v.forEach(e -> parts.add(e.asText()));
    return String.join(",", parts);
  }

  static TopicsConfig topics(ConfigNode t) {
    t.allowOnly(Set.of("input", "alerts", "dead-letter"));
    return new TopicsConfig(
        t.strings("input", List.of()),
        t.string("alerts", TopicsConfig.DEFAULT_ALERTS),
        t.string("dead-letter", TopicsConfig.DEFAULT_DEAD_LETTER));
  }

  static PipelineConfig pipeline(ConfigNode p) {
    p.allowOnly(
        Set.of(
            "group-id",
            "instance-id",
            "batch-max-size",
            "linger",
            "commit-interval",
            "workers",
            "processing-guarantee",
            "model-store",
            "model-poll-interval",
            "shutdown-timeout",
            "warm-up"));
    PipelineConfig d = PipelineConfig.defaults();
    String g = p.string("processing-guarantee", d.guarantee().configName());
    PipelineConfig.Guarantee guarantee = PipelineConfig.Guarantee.of(g);
    if (guarantee == null) {
      throw p.invalid(
          "processing-guarantee",
          p.raw("processing-guarantee"),
          "must be at-least-once or exactly-once");
    }
    String store = p.string("model-store", null);
    return new PipelineConfig(
        p.string("group-id", d.groupId()),
        p.string("instance-id", null),
        p.integer("batch-max-size", d.batchMaxSize(), 1),
        p.duration("linger", d.linger(), Duration.ZERO),
        p.duration("commit-interval", d.commitInterval(), Duration.ZERO),
        p.integer("workers", d.workers(), 1),
        guarantee,
        store == null ? null : Path.of(store),
        p.duration("model-poll-interval", d.modelPollInterval(), Duration.ofMillis(1)),
        p.duration("shutdown-timeout", d.shutdownTimeout(), Duration.ofSeconds(1)),
        p.duration("warm-up", d.warmUp(), Duration.ZERO));
  }

  static MetricsConfig metrics(ConfigNode m) {
    m.allowOnly(Set.of("enabled", "host", "port"));
    MetricsConfig d = MetricsConfig.defaults();
    JsonNode enabled = m.raw("enabled");
    if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
      throw m.invalid("enabled", enabled, "must be true or false");
    }
    int port = m.integer("port", d.port(), 0);
    if (port > 65535) {
      throw m.invalid("port", m.raw("port"), "must be <= 65535");
    }
    return new MetricsConfig(
        enabled == null || enabled.isNull() ? d.enabled() : enabled.asBoolean(),
        m.string("host", d.host()),
        port);
  }

  /** Severity bands from {@code alerting.severities: {name: min-grade, ...}}, lowest first. */
  static List<SeverityBand> severities(ConfigNode a) {
    JsonNode s = a.raw("severities");
    if (s == null || s.isNull()) {
      return DEFAULT_SEVERITIES;
    }
    if (!s.isObject() || s.isEmpty()) {
      throw a.invalid(
          "severities", s, "must map severity names to minimum grades, e.g. {high: 99}");
    }
    ConfigNode bands = a.section("severities");
    List<SeverityBand> out = new ArrayList<>();
    s.fieldNames()
        .forEachRemaining(
            name -> out.add(new SeverityBand(name, bands.numberBetween(name, 0, 0, 100))));
    out.sort(Comparator.comparingDouble(SeverityBand::minGrade));
    return List.copyOf(out);
  }

  /** The {@code retrain:} section and its {@code gate:}. */
  static RetrainConfig retrain(ConfigNode r) {
    r.allowOnly(
        Set.of(
            "compare-fraction",
            "max-compare-events",
            "exclude-margin",
            "allow-list",
            "campaign-key",
            "campaign-min-events",
            "replay-size",
            "replay-share",
            "gate"));
    RetrainConfig d = RetrainConfig.defaults();
    ConfigNode g = r.section("gate");
    g.allowOnly(
        Set.of(
            "min-training-rows",
            "max-excluded-share",
            "max-alert-volume-ratio",
            "max-score-drift",
            "min-auroc",
            "max-auroc-drop",
            "max-recall-drop"));
    RetrainConfig.Gate dg = d.gate();
    RetrainConfig.Gate gate =
        new RetrainConfig.Gate(
            g.integer("min-training-rows", dg.minTrainingRows(), 10),
            g.numberBetween("max-excluded-share", dg.maxExcludedShare(), 0, 1),
            g.numberBetween("max-alert-volume-ratio", dg.maxAlertVolumeRatio(), 1, 1e9),
            g.numberBetween("max-score-drift", dg.maxScoreDrift(), 0, 1),
            g.numberBetween("min-auroc", dg.minAuroc(), 0, 1),
            g.numberBetween("max-auroc-drop", dg.maxAurocDrop(), 0, 1),
            g.numberBetween("max-recall-drop", dg.maxRecallDrop(), 0, 1));
    String allow = r.string("allow-list", null);
    return new RetrainConfig(
        r.number("compare-fraction", d.compareFraction(), 0, 0.9),
        r.integer("max-compare-events", d.maxCompareEvents(), 100),
        r.numberBetween("exclude-margin", d.excludeMargin(), 0, 100),
        allow == null ? null : java.nio.file.Path.of(allow),
        r.string("campaign-key", d.campaignKey()),
        r.integer("campaign-min-events", d.campaignMinEvents(), 0),
        r.integer("replay-size", d.replaySize(), 0),
        r.numberBetween("replay-share", d.replayShare(), 0, 0.9),
        gate);
  }
}
