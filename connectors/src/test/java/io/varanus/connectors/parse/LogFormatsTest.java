package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatsTest {

  @Test
  void createsEveryNamedFormat() {
    for (String name : LogFormats.NAMES) {
      Map<String, Object> options = name.equals("csv") ? Map.of("columns", "a,b") : Map.of();
      assertThat(LogFormats.create(name, options).name()).isEqualTo(name);
    }
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> LogFormats.create("xml", Map.of()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("Invalid value xml for format")
        .hasMessageContaining("access-log");
  }

  @Test
  void unknownOptionIsAnError() {
    assertThatThrownBy(() -> LogFormats.create("json", Map.of("max-dept", 3)))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("Unknown option json.max-dept")
        .hasMessageContaining("max-depth");
  }

  @Test
  void invalidValuesAreNamedInKafkaStyle() {
    assertThatThrownBy(() -> LogFormats.create("csv", Map.of("delimiter", ";;")))
        .hasMessage("Invalid value ;; for option csv.delimiter: must be a single character");
    assertThatThrownBy(() -> LogFormats.create("json", Map.of("max-depth", 0)))
        .hasMessage("Invalid value 0 for option json.max-depth: must be >= 1");
    assertThatThrownBy(() -> LogFormats.create("csv", Map.of("non-finite", "drop")))
        .hasMessageContaining("csv.non-finite: must be one of missing, reject");
    assertThatThrownBy(() -> LogFormats.create("text", Map.of("pattern", "(")))
        .hasMessageContaining("text.pattern");
    assertThatThrownBy(() -> LogFormats.create("text", Map.of("preset", "nope")))
        .hasMessageContaining("must be one of apache-error, bgl, hdfs, thunderbird");
    assertThatThrownBy(() -> LogFormats.create("syslog", Map.of("timezone", "Mars/Olympus")))
        .hasMessageContaining("syslog.timezone");
    assertThatThrownBy(() -> LogFormats.create("csv", Map.of("header", false)))
        .hasMessageContaining("needs option columns");
  }
}
