package io.varanus.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.models.vae.VaeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineConfigTest {

  private static final String MINIMAL =
      """
      input:
        format: csv
      features:
        numeric:
          - {field: bytes}
      """;

  @TempDir Path tmp;

  @Test
  void defaultsApplyToEverythingLeftOut() throws IOException {
    EngineConfig c = load(MINIMAL);

    assertThat(c.input().format()).isEqualTo("csv");
    assertThat(c.input().options()).isEmpty();
    assertThat(c.model()).isEqualTo(VaeConfig.defaults());
    assertThat(c.maxTrainingRows()).isEqualTo(500_000);
    assertThat(c.alerting().targetFpr()).isEqualTo(0.001);
    assertThat(c.alerting().thresholdOverride()).isNull();
    assertThat(c.labels().field()).isNull();
    assertThat(c.labels().normalValue()).isNull();
    assertThat(c.labels().classField()).isNull();
  }

  @Test
  void givenValuesOverrideTheDefaults() throws IOException {
    EngineConfig c =
        load(
            MINIMAL
                + """
                model:
                  encoder-hidden: [32, 16]
                  latent-dim: 4
                  max-epochs: 7
                  seed: 99
                  max-training-rows: 1000
                alerting:
                  target-fpr: 0.01
                  threshold: 12.5
                labels:
                  field: label
                  normal-value: normal
                """);

    assertThat(c.model().encoderHidden()).containsExactly(32, 16);
    assertThat(c.model().latentDim()).isEqualTo(4);
    assertThat(c.model().maxEpochs()).isEqualTo(7);
    assertThat(c.model().seed()).isEqualTo(99L);
    assertThat(c.model().batchSize()).isEqualTo(VaeConfig.defaults().batchSize());
    assertThat(c.maxTrainingRows()).isEqualTo(1000);
    assertThat(c.alerting().targetFpr()).isEqualTo(0.01);
    assertThat(c.alerting().thresholdOverride()).isEqualTo(12.5);
    assertThat(c.labels().field()).isEqualTo("label");
    assertThat(c.labels().normalValue()).isEqualTo("normal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh", "web", "flow", "hdfs"})
  void shippedExamplesLoad(String name) throws IOException {
    Path file = tmp.resolve(name + ".yml");
    try (InputStream in = getClass().getResourceAsStream("/examples/" + name + ".yml")) {
      assertThat(in).as("examples/%s.yml on the class path", name).isNotNull();
      Files.copy(in, file);
    }

    EngineConfig c = EngineConfig.load(file);

    assertThat(c.labels().field()).isEqualTo("label");
    assertThat(c.labels().normalValue()).isEqualTo("normal");
    assertThat(c.features()).isNotNull();
  }

  @Test
  void unknownKeyIsRejectedWithItsPathAndTheAllowedKeys() {
    assertThatThrownBy(() -> load(MINIMAL + "model:\n  latnt-dim: 8\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key model.latnt-dim")
        .hasMessageContaining("latent-dim")
        .hasMessageContaining("engine.yml");
  }

  @Test
  void unknownTopLevelAndNestedKeysAreRejected() {
    assertThatThrownBy(() -> load(MINIMAL + "modle:\n  latent-dim: 8\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key modle");
    assertThatThrownBy(() -> load(MINIMAL.replace("format: csv", "format: csv\n  formt: x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("input.formt");
    assertThatThrownBy(() -> load(MINIMAL + "labels:\n  normal: ok\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("labels.normal");
  }

  @Test
  void scoringSectionHasDefaultsAndValidatedValues() throws IOException {
    assertThat(load(MINIMAL).scoring()).isEqualTo(ScoringConfig.defaults());
    ScoringConfig s =
        load(MINIMAL
                + "scoring:\n  surprise-knee: 4.5\n  level-floor: 0.5\n"
                + "  calibration-fraction: 0\n")
            .scoring();
    assertThat(s.surpriseKnee()).isEqualTo(4.5);
    assertThat(s.levelFloor()).isEqualTo(0.5);
    assertThat(ScoringConfig.defaults().levelFloor()).isEqualTo(1);
    assertThat(s.calibrationFraction()).isZero();
    assertThatThrownBy(() -> load(MINIMAL + "scoring:\n  surprise-knee: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid value 0 for configuration scoring.surprise-knee");
    assertThatThrownBy(() -> load(MINIMAL + "scoring:\n  level-floor: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.level-floor");
    assertThatThrownBy(() -> load(MINIMAL + "scoring:\n  calibration-fraction: 0.7\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.calibration-fraction: must be between 0 and 0.5");
    assertThatThrownBy(() -> load(MINIMAL + "scoring:\n  knee: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scoring.knee");
  }

  @Test
  void badValuesNameTheKeyAndTheValue() throws IOException {
    assertThatThrownBy(() -> load(MINIMAL + "model:\n  latent-dim: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid value 0 for configuration model.latent-dim");
    assertThatThrownBy(() -> load(MINIMAL + "alerting:\n  target-fpr: 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerting.target-fpr");
    assertThatThrownBy(() -> load(MINIMAL + "model:\n  encoder-hidden: 64\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.encoder-hidden");
    assertThatThrownBy(() -> load(MINIMAL + "retrain:\n  exclude-margin: 150\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "invalid value 150 for configuration retrain.exclude-margin: must be between 0 and 100");
    assertThatThrownBy(() -> load(MINIMAL + "alerting:\n  target-fpr: 2\n"))
        .hasMessageContaining("must be greater than 0 and less than 0.5");
    assertThatThrownBy(() -> load(MINIMAL + "model:\n  min-variance: 2\n"))
        .hasMessageContaining("model.min-variance: must be greater than 0 and at most 1");
    assertThat(load(MINIMAL + "retrain:\n  exclude-margin: 100\n").retrain().excludeMargin())
        .isEqualTo(100);
    assertThatThrownBy(() -> load(MINIMAL + "retrain:\n  campaign-min-events: -1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retrain.campaign-min-events");
    RetrainConfig campaign =
        load(MINIMAL + "retrain:\n  campaign-key: user.name\n  campaign-min-events: 5\n").retrain();
    assertThat(campaign.campaignKey()).isEqualTo("user.name");
    assertThat(campaign.campaignMinEvents()).isEqualTo(5);
    assertThat(load(MINIMAL).retrain().campaignKey()).isNull();
    assertThatThrownBy(() -> load(MINIMAL + "model: [1, 2]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model")
        .hasMessageContaining("mapping");
  }

  @Test
  void formatOptionErrorsNameTheConfigFileAtLoad() {
    String json =
        """
        input:
          format: json
          options: {max-depth: 5000}
        features:
          numeric:
            - {field: bytes}
        """;
    assertThatThrownBy(() -> load(json))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.yml")
        .hasMessageContaining("json.max-depth")
        .hasMessageContaining("must be <= 1000");
    assertThatThrownBy(() -> load(json.replace("{max-depth: 5000}", "{maxdepth: 5}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.yml")
        .hasMessageContaining("Unknown option json.maxdepth");
  }

  @Test
  void missingSectionsAreNamed() {
    assertThatThrownBy(() -> load("input:\n  format: csv\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("features");
    assertThatThrownBy(() -> load("features:\n  numeric:\n    - {field: bytes}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("input.format");
  }

  @Test
  void notAMappingAndNotAFileAreConfigErrors() throws IOException {
    assertThatThrownBy(() -> load("- just\n- a list\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.yml");
    assertThatThrownBy(() -> EngineConfig.load(tmp.resolve("absent.yml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("absent.yml");
  }

  @Test
  void featureSpecErrorsBecomeConfigErrors() {
    assertThatThrownBy(
            () -> load(MINIMAL.replace("{field: bytes}", "{field: bytes, transfrom: log1p}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("engine.yml")
        .hasMessageContaining("features.numeric[0].transfrom");
  }

  private EngineConfig load(String yaml) throws IOException {
    Path file = tmp.resolve("engine.yml");
    Files.writeString(file, yaml);
    return EngineConfig.load(file);
  }
}
