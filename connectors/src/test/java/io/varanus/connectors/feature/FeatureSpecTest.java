package io.varanus.connectors.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSpecTest {

  @ParameterizedTest
  @ValueSource(strings = {"ssh-auth.yml", "web-access.yml", "flow-nslkdd.yml"})
  void examplesLoad(String name) {
    FeatureSpec spec = TestEvents.exampleSpec(name);
    assertThat(spec.featureNames()).isNotEmpty().doesNotHaveDuplicates();
  }

  @Test
  void sshExampleHasDefaultsFilledIn() {
    FeatureSpec spec = TestEvents.exampleSpec("ssh-auth.yml");
    assertThat(spec.categorical().get(2).hashBuckets()).isEqualTo(32);
    assertThat(spec.windows().get(0).length()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.windows().get(0).buckets()).isEqualTo(10);
    assertThat(spec.featureNames())
        .contains("event.outcome", "msg.template", "src5m.distinct.user.name", "time.dow_cos");
  }

  @Test
  void invalidValueNamesTheKeyPath() {
    String yaml =
        """
        features:
          categorical:
            - field: a
            - field: b
            - field: c
              top-k: 0
        """;
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .isInstanceOf(InvalidFeatureSpecException.class)
        .hasMessage("Invalid value 0 for features.categorical[2].top-k: must be > 0");
  }

  @Test
  void unknownKeyIsAnError() {
    String yaml = "features:\n  numeric:\n    - field: a\n      transfrom: log1p\n";
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .isInstanceOf(InvalidFeatureSpecException.class)
        .hasMessageStartingWith("Unknown key features.numeric[0].transfrom: expected one of")
        .hasMessageContaining("transform");
  }

  @Test
  void unknownEnumValueListsTheChoices() {
    String yaml = "features:\n  numeric:\n    - field: a\n      transform: sqrt\n";
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .hasMessage(
            "Invalid value sqrt for features.numeric[0].transform: must be one of [identity, log1p]");
  }

  @Test
  void durationsInBothForms() {
    String shortForm = "features:\n  windows:\n    - key: source.ip\n      length: 90s\n";
    String iso = "features:\n  windows:\n    - key: source.ip\n      length: PT90S\n";
    assertThat(FeatureSpec.fromYaml(shortForm)).isEqualTo(FeatureSpec.fromYaml(iso));
    assertThatThrownBy(
            () -> FeatureSpec.fromYaml("features:\n  windows:\n    - key: k\n      length: 5x\n"))
        .hasMessage(
            "Invalid value 5x for features.windows[0].length: must be a duration such as 500ms,"
                + " 30s, 5m, 2h, 7d or PT5M");
  }

  @Test
  void nestedRecordErrorsCarryTheirPath() {
    String yaml = "features:\n  numeric:\n    - field: a\n      clip: {min: 5, max: 1}\n";
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .hasMessage("Invalid value 1.0 for features.numeric[0].clip.max: must be >= min (5.0)");
  }

  @Test
  void hashingAndVocabularyAreExclusive() {
    String yaml =
        "features:\n  categorical:\n    - field: u\n      hash-buckets: 8\n      top-k: 3\n";
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .hasMessageContaining(
            "features.categorical[0].top-k: cannot be combined with hash-buckets");
  }

  @Test
  void duplicateNamesAreRejected() {
    String yaml =
        "features:\n  numeric:\n    - field: a\n      missing-indicator: false\n"
            + "  categorical:\n    - field: a\n";
    assertThatThrownBy(() -> FeatureSpec.fromYaml(yaml))
        .hasMessageContaining("Invalid value a for features.name: feature names must be unique");
  }

  @Test
  void emptySpecIsRejected() {
    assertThatThrownBy(() -> FeatureSpec.fromYaml("features: {}\n"))
        .hasMessageContaining("a spec needs at least one feature");
  }

  @Test
  void bindsASectionOfALargerConfigWithItsPrefix() throws Exception {
    JsonNode config =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                "pipeline:\n  features:\n    categorical:\n      - field: x\n        min-count: 0\n");
    assertThatThrownBy(
            () -> FeatureSpec.fromTree(config.get("pipeline").get("features"), "pipeline.features"))
        .hasMessage("Invalid value 0 for pipeline.features.categorical[0].min-count: must be >= 1");
    JsonNode ok = new ObjectMapper().readTree("{\"categorical\": [{\"field\": \"x\"}]}");
    assertThat(FeatureSpec.fromTree(ok, "features").categorical()).hasSize(1);
  }

  @Test
  void rootMustBeFeatures() {
    assertThatThrownBy(() -> FeatureSpec.fromYaml("numeric: []\n"))
        .hasMessageContaining("root key 'features'");
  }
}
