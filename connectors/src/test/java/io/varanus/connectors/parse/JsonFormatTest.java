package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertRejected;
import static io.varanus.connectors.parse.TestRecords.bytes;
import static io.varanus.connectors.parse.TestRecords.format;
import static io.varanus.connectors.parse.TestRecords.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

  private final LogFormat json = format("json", Map.of());

  @Test
  void flattensNestedObjectsIntoDottedFields() {
    LogEvent e =
        parse(
            json,
            "{\"@timestamp\":\"2024-05-01T10:00:00.5Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":"
                + "22},\"user\":{\"name\":\"alice\"},\"event\":{\"outcome\":\"failure\"},"
                + "\"ok\":true,\"ratio\":0.25,\"tags\":[\"a\",\"b\"],\"nothing\":null}");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00.5Z"));
    assertThat(e.fields())
        .containsEntry("source.ip", "10.0.0.1")
        .containsEntry("source.port", 22L)
        .containsEntry("user.name", "alice")
        .containsEntry("event.outcome", "failure")
        .containsEntry("ok", true)
        .containsEntry("ratio", 0.25)
        .containsEntry("tags", "a,b")
        .doesNotContainKey("nothing")
        .doesNotContainKey("@timestamp");
  }

  @Test
  void arraysOfObjectsStayJsonText() {
    LogEvent e = parse(json, "{\"a\":[{\"x\":1},2]}");
    assertThat(e.string("a")).isEqualTo("[{\"x\":1},2]");
  }

  @Test
  void configuredTimestampFieldAndEpochFormat() {
    LogFormat f =
        format("json", Map.of("timestamp-field", "EventTime", "timestamp-format", "epoch-millis"));
    assertThat(parse(f, "{\"EventTime\":1700000000123}").timestamp())
        .isEqualTo(Instant.ofEpochMilli(1700000000123L));
  }

  @Test
  void zonelessTimesUseTheConfiguredZone() {
    LogFormat f =
        format("json", Map.of("timestamp-field", "EventTime", "timezone", "Europe/Berlin"));
    assertThat(parse(f, "{\"EventTime\":\"2024-01-10 08:00:00\"}").timestamp())
        .isEqualTo(Instant.parse("2024-01-10T07:00:00Z"));
  }

  @Test
  void ceeCookieIsAccepted() {
    assertThat(parse(json, "@cee: {\"msg\":\"hi\"}").fields()).containsEntry("msg", "hi");
  }

  @Test
  void badInputGetsItsReason() {
    assertRejected(json, "{\"a\":1", Reason.TRUNCATED);
    assertRejected(json, "{\"a\":}", Reason.BAD_JSON);
    assertRejected(json, "[1,2]", Reason.BAD_JSON);
    assertRejected(json, "{\"a\":1} trailing", Reason.BAD_JSON);
    assertRejected(json, "{\"a\":NaN}", Reason.BAD_JSON);
    assertRejected(json, "   ", Reason.EMPTY);
    assertRejected(json, "{\"@timestamp\":\"yesterday\"}", Reason.BAD_TIMESTAMP);
    assertRejected(json, "{\"a\":".repeat(40) + "1" + "}".repeat(40), Reason.TOO_DEEP);
    assertRejected(
        format("json", Map.of("invalid-utf8", "reject")),
        bytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}),
        Reason.NOT_UTF8);
    assertThat(
            json.parse(bytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .fields())
        .containsEntry("a", "\uFFFD")
        .containsEntry(RecordText.INVALID_UTF8_FIELD, 1L);
  }

  @Test
  void maxDepthIsBoundedAndDeepArraysAtTheBoundParse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> format("json", Map.of("max-depth", 5000)))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("json.max-depth")
        .hasMessageContaining("must be <= 1000");
    LogFormat deepest = format("json", Map.of("max-depth", 1000));
    String nested = "[".repeat(998) + "1" + "]".repeat(998);
    assertThat(parse(deepest, "{\"a\":" + nested + "}").string("a")).hasSize(nested.length());
    assertRejected(deepest, "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}", Reason.TOO_DEEP);
  }

  @Test
  void rejectionsNameVaranusOptionsNotTheParsersSettings() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    InvalidEventException tooDeep = rejection(json, deep);
    assertThat(tooDeep.getMessage())
        .contains("option max-depth")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("getMax");
    InvalidEventException nan = rejection(json, "{\"a\":NaN}");
    assertThat(nan.getMessage()).doesNotContain("JsonReadFeature").doesNotContain("enable");
    InvalidEventException big =
        rejection(format("json", Map.of("max-bytes", 64)), "{\"a\":\"" + "x".repeat(100) + "\"}");
    assertThat(big.getMessage()).doesNotContain("StreamReadConstraints");
  }

  private static InvalidEventException rejection(LogFormat f, String line) {
    try {
      f.parse(TestRecords.line(line));
    } catch (InvalidEventException e) {
      return e;
    }
    throw new AssertionError("not rejected: " + line);
  }

  @Test
  void oversizeRecordsAreRejected() {
    LogFormat small = format("json", Map.of("max-bytes", 64));
    assertRejected(small, "{\"a\":\"" + "x".repeat(100) + "\"}", Reason.OVERSIZE);
    RawRecord flagged =
        new RawRecord(
            Origin.file("big.log", 7),
            null,
            "{\"a\":".getBytes(StandardCharsets.UTF_8),
            Map.of(RawRecord.OVERSIZE_HEADER, "5000000".getBytes(StandardCharsets.US_ASCII)),
            null);
    assertRejected(json, flagged, Reason.OVERSIZE);
  }

  @Test
  void messagesDoNotEchoTheWholeRecord() {
    String secret = "{\"password\":\"" + "s".repeat(200) + "\"";
    try {
      json.parse(TestRecords.line(secret));
    } catch (InvalidEventException e) {
      assertThat(e.getMessage()).doesNotContain("s".repeat(60)).contains("test.log:2");
    }
  }

  @Test
  void numbersBeyondADoubleAreKeptAsTextWithAReason() {
    LogEvent e = parse(format("json", Map.of()), "{\"a\":1e999,\"b\":2}");
    assertThat(e.fields()).containsEntry("a", "1e999").containsEntry("b", 2L);
    assertThat(e.string(LogFormats.NOTES_FIELD)).contains("NON_FINITE: a");
    assertThat(e.number("a")).isNull();
  }
}
