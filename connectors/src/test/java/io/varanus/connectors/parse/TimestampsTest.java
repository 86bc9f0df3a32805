package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.Origin;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  private final Timestamps iso =
      Timestamps.fromOptions(new FormatOptions("t", Map.of()), "iso", TestRecords.CLOCK);

  @ParameterizedTest
  @CsvSource({
    "2024-03-01T12:00:00Z, 2024-03-01T12:00:00Z",
    "2024-03-01 12:00:00, 2024-03-01T12:00:00Z",
    "2024-03-01T12:00:00.123456+01:00, 2024-03-01T11:00:00.123456Z",
    "2024-02-29T23:59:59-05:00, 2024-03-01T04:59:59Z",
    "2017-07-06 12:39:06.818901, 2017-07-06T12:39:06.818901Z",
    "2024-03-01T12:00:00.5+0100, 2024-03-01T11:00:00.5Z",
  })
  void isoShapes(String text, String expected) {
    assertThat(iso.parse(text, Origin.file("t", 1))).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-04-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-03-01T24:00:00Z",
        "2024-03-01"
      })
  void invalidDatesAreRejected(String text) {
    assertThatThrownBy(() -> iso.parse(text, Origin.file("t", 1)))
        .isInstanceOf(InvalidEventException.class);
  }
}
