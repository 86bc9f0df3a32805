package io.varanus.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.feature.FeatureSpec;
import io.varanus.models.vae.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's YAML configuration, validated at load: {@code input} (log format and its options),
 * {@code features} (the feature spec), {@code model} (VAE hyper-parameters), {@code scoring} (the
 * bound on one feature's surprise, the calibration rows), {@code alerting} and {@code labels}
 * (defaults for train and evaluate); for {@code varanus run} also {@code kafka} (client settings
 * passed through), {@code topics}, {@code pipeline} and {@code metrics}; for {@code varanus
 * retrain} {@code retrain}. Unknown keys are errors.
 */
public record EngineConfig(
    Path file,
    InputConfig input,
    FeatureSpec features,
    VaeConfig model,
    int maxTrainingRows,
    AlertingConfig alerting,
    LabelConfig labels,
    KafkaSettings kafka,
    TopicsConfig topics,
    PipelineConfig pipeline,
    MetricsConfig metrics,
    RetrainConfig retrain,
    ScoringConfig scoring) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The log format and its options, as {@code LogFormats.create(format, options)} takes them. */
  public record InputConfig(String format, Map<String, Object> options) {
    public InputConfig {
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
  }

  /**
   * How alerts are decided: the target false-positive rate of the calibrated threshold, an optional
   * threshold override, the event field naming the entity (alert key, suppression scope), severity
   * bands by grade, the suppression window (zero: off) and a cap on alerts per second (zero: none).
   */
  public record AlertingConfig(
      double targetFpr,
      Double thresholdOverride,
      String entityField,
      List<SeverityBand> severities,
      Duration suppressionWindow,
      double maxAlertsPerSecond) {
    public AlertingConfig {
      severities = List.copyOf(severities);
    }
  }

  /** Optional defaults for --label-field and --normal-value. */
  public record LabelConfig(String field, String normalValue, String classField) {}

  public static EngineConfig load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such config file");
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ": expected a YAML mapping with input, features and model");
    }
    return fromTree(root, file);
  }

  static EngineConfig fromTree(JsonNode root, Path file) {
    String f = file.toString();
    ConfigNode top = new ConfigNode(root, "", f);
    top.allowOnly(
        Set.of(
            "input",
            "features",
            "model",
            "alerting",
            "labels",
            "kafka",
            "topics",
            "pipeline",
            "metrics",
            "retrain",
            "scoring"));
    InputConfig input = input(top.section("input"));
    try {
      io.varanus.connectors.parse.LogFormats.create(input.format(), input.options());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(f + ": input: " + e.getMessage(), e);
    }
    if (!top.has("features")) {
      throw new ConfigException(f + ": missing section features (the feature spec)");
    }
    FeatureSpec features;
    try {
      features = FeatureSpec.fromTree(root.get("features"), "features");
    } catch (RuntimeException e) {
      throw new ConfigException(f + ": " + e.getMessage(), e);
    }
    ConfigNode m = top.section("model");
    VaeConfig model = model(m);
    int maxRows = m.integer("max-training-rows", 500_000, 10);
    ConfigNode a = top.section("alerting");
    a.allowOnly(
        Set.of(
            "target-fpr",
            "threshold",
            "entity-field",
            "severities",
            "suppression-window",
            "max-alerts-per-second"));
    AlertingConfig alerting =
        new AlertingConfig(
            a.number("target-fpr", 0.001, 0, 0.5),
            a.has("threshold") ? a.number("threshold", 0, -1e300, 1e300) : null,
            a.string("entity-field", null),
            ServiceSections.severities(a),
            a.duration("suppression-window", Duration.ZERO, Duration.ZERO),
            a.numberBetween("max-alerts-per-second", 0, 0, 1e9));
    ConfigNode l = top.section("labels");
    l.allowOnly(Set.of("field", "normal-value", "class-field"));
    LabelConfig labels =
        new LabelConfig(
            l.string("field", null), l.string("normal-value", null), l.string("class-field", null));
    KafkaSettings kafka = ServiceSections.kafka(top.section("kafka"), root.get("kafka"));
    TopicsConfig topics = ServiceSections.topics(top.section("topics"));
    PipelineConfig pipeline = ServiceSections.pipeline(top.section("pipeline"));
    MetricsConfig metrics = ServiceSections.metrics(top.section("metrics"));
    RetrainConfig retrain = ServiceSections.retrain(top.section("retrain"));
    ScoringConfig scoring = ScoringConfig.parse(top.section("scoring"));
    return new EngineConfig(
        file, input, features, model, maxRows, alerting, labels, kafka, topics, pipeline, metrics,
        retrain, scoring);
  }

  private static InputConfig input(ConfigNode in) {
    in.allowOnly(Set.of("format", "options"));
    String format = in.string("format", null);
    if (format == null) {
      throw new ConfigException(
          in.key("format").replace(".format", "")
              + ".format is missing: name the log format (json, syslog, access-log, csv, zeek, text)");
    }
    Map<String, Object> options = new LinkedHashMap<>();
    JsonNode o = in.raw("options");
    if (o != null && !o.isNull()) {
      if (!o.isObject()) {
        throw in.invalid("options", o, "must be a mapping of format options");
      }
      options =
          YAML.convertValue(
              o,
              YAML.getTypeFactory()
                  .constructMapType(LinkedHashMap.class, String.class, Object.class));
    }
    return new InputConfig(format, options);
  }

  private static VaeConfig model(ConfigNode m) {
    m.allowOnly(
        Set.of(
            "encoder-hidden",
            "latent-dim",
            "learning-rate",
            "batch-size",
            "max-epochs",
            "patience",
            "validation-fraction",
            "kl-warmup-epochs",
            "min-variance",
            "score-samples",
            "seed",
            "max-training-rows"));
    VaeConfig d = VaeConfig.defaults();
    try {
      return new VaeConfig(
          m.integers("encoder-hidden", d.encoderHidden()),
          m.integer("latent-dim", d.latentDim(), 1),
          m.number("learning-rate", d.learningRate(), 0, 1),
          m.integer("batch-size", d.batchSize(), 1),
          m.integer("max-epochs", d.maxEpochs(), 1),
          m.integer("patience", d.patience(), 1),
          m.number("validation-fraction", d.validationFraction(), 0, 0.9),
          m.integer("kl-warmup-epochs", d.klWarmupEpochs(), 0),
          m.numberAbove("min-variance", d.minVariance(), 0, 1),
          m.integer("score-samples", d.scoreSamples(), 1),
          m.longValue("seed", d.seed()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
