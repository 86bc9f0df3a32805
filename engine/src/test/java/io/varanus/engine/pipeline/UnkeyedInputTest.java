package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.Origin;
import io.varanus.connectors.feature.WindowFeatureSpec;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The unkeyed-input warning: only for topics of several partitions, once, asked once per topic. */
class UnkeyedInputTest {

  private static final List<WindowFeatureSpec> WINDOWS =
      List.of(new WindowFeatureSpec("source.ip", null, null, null, null, null, null, null, null));

  private final List<String> asked = new ArrayList<>();
  private final Map<String, Integer> partitions = Map.of("one", 1, "six", 6);
  private final UnkeyedInput check =
      new UnkeyedInput(
          topic -> {
            asked.add(topic);
            return partitions.get(topic);
          });

  private static RawRecord record(String topic, String key) {
    return new RawRecord(
        new Origin(topic, 0, 0),
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        "line".getBytes(StandardCharsets.UTF_8),
        Map.of(),
        null);
  }

  @Test
  void unkeyedRecordsOfASinglePartitionTopicAreFine() {
    assertThat(check.check(List.of(record("one", null), record("one", null)), WINDOWS)).isFalse();
    assertThat(check.check(List.of(record("one", null)), WINDOWS)).isFalse();
    assertThat(asked).as("partitions asked once per topic").containsExactly("one");
  }

  @Test
  void unkeyedRecordsOfAPartitionedTopicWarnOnce() {
    assertThat(check.check(List.of(record("six", "10.0.0.1")), WINDOWS)).isFalse();
    assertThat(check.check(List.of(record("six", "10.0.0.1"), record("six", null)), WINDOWS))
        .isTrue();
    assertThat(check.check(List.of(record("six", null)), WINDOWS)).as("said once").isFalse();
  }

  @Test
  void withoutWindowFeaturesKeysDoNotMatter() {
    assertThat(check.check(List.of(record("six", null)), List.of())).isFalse();
    assertThat(asked).isEmpty();
  }
}
