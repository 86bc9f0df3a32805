package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertRejected;
import static io.varanus.connectors.parse.TestRecords.format;
import static io.varanus.connectors.parse.TestRecords.line;
import static io.varanus.connectors.parse.TestRecords.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvFormatTest {

  @Test
  void configuredColumnsWithAutoTypes() {
    LogFormat f = format("csv", Map.of("columns", List.of("duration", "proto", "bytes", "rate")));
    LogEvent e = parse(f, "0,tcp,491,0.17");
    assertThat(e.fields())
        .containsEntry("duration", 0L)
        .containsEntry("proto", "tcp")
        .containsEntry("bytes", 491L)
        .containsEntry("rate", 0.17);
  }

  @Test
  void headerLineNamesColumnsPerSourceAndIsReportedAsHeader() {
    LogFormat f = format("csv", Map.of("timestamp-field", "Timestamp"));
    assertRejected(f, line("id, Src IP, Flow Bytes/s,Timestamp, Src IP", 1), Reason.HEADER);
    LogEvent e = f.parse(line("7,10.0.0.1,12.5,2017-07-06 12:39:06.818901,10.0.0.2", 2));
    assertThat(e.fields())
        .containsEntry("id", 7L)
        .containsEntry("Src IP", "10.0.0.1")
        .containsEntry("Flow Bytes/s", 12.5)
        .containsEntry("Src IP_2", "10.0.0.2")
        .doesNotContainKey("Timestamp");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2017-07-06T12:39:06.818901Z"));
  }

  @Test
  void kafkaRecordsTakeTheFirstRecordAsHeader() {
    LogFormat f = format("csv", Map.of());
    assertThatThrownBy(() -> f.parse(RawRecord.of(new Origin("flows", 0, 0), "a,b")))
        .isInstanceOf(InvalidEventException.class);
    assertThat(f.parse(RawRecord.of(new Origin("flows", 0, 1), "1,x")).fields())
        .containsEntry("a", 1L)
        .containsEntry("b", "x");
  }

  @Test
  void nonFiniteValuesBecomeMissingWithANoteByDefault() {
    LogFormat f = format("csv", Map.of("columns", "a,rate,b"));
    LogEvent e = parse(f, "1,Infinity,NaN");
    assertThat(e.fields()).containsEntry("a", 1L).doesNotContainKeys("rate", "b");
    assertThat(e.string(LogFormats.NOTES_FIELD)).contains("rate,b");
  }

  @Test
  void nonFiniteValuesCanBeRejected() {
    LogFormat f = format("csv", Map.of("columns", "a,rate", "non-finite", "reject"));
    assertRejected(f, "1,-Infinity", Reason.NON_FINITE);
  }

  @Test
  void typedColumnsQuotesAndDelimiters() {
    LogFormat f =
        format(
            "csv",
            Map.of(
                "columns", "name,port,score,code",
                "delimiter", ";",
                "types", Map.of("port", "long", "score", "double", "code", "string")));
    LogEvent e = parse(f, "\"Smith; \"\"J\"\"\";22;3;007");
    assertThat(e.fields())
        .containsEntry("name", "Smith; \"J\"")
        .containsEntry("port", 22L)
        .containsEntry("score", 3.0)
        .containsEntry("code", "007");
    assertRejected(f, "x;twenty;3;1", Reason.BAD_NUMBER);
  }

  @Test
  void emptyValuesAreLeftOut() {
    LogFormat f = format("csv", Map.of("columns", "a,b,c"));
    assertThat(parse(f, "1,,3").fields()).containsOnlyKeys("a", "c");
  }

  @Test
  void badInputGetsItsReason() {
    LogFormat f = format("csv", Map.of("columns", "a,b,c"));
    assertRejected(f, "1,2", Reason.WRONG_COLUMN_COUNT);
    assertRejected(f, "1,2,3,4", Reason.WRONG_COLUMN_COUNT);
    assertRejected(f, "1,\"2,3", Reason.TRUNCATED);
    assertRejected(f, "", Reason.EMPTY);
    assertRejected(
        format("csv", Map.of("columns", "a,b,c", "invalid-utf8", "reject")),
        TestRecords.bytes(new byte[] {'1', ',', (byte) 0xFF, ',', '3'}),
        Reason.NOT_UTF8);
  }

  @Test
  void invalidUtf8CanBeReplaced() {
    LogFormat f = format("csv", Map.of("columns", "a,b"));
    LogEvent e = f.parse(TestRecords.bytes(new byte[] {'1', ',', (byte) 0xFF, 'x', (byte) 0xC3}));
    assertThat(e.string("b")).isEqualTo("\uFFFDx\uFFFD");
    assertThat(e.string(LogFormats.NOTES_FIELD)).contains("invalid UTF-8");
    assertThat(e.fields()).containsEntry(RecordText.INVALID_UTF8_FIELD, 2L);
    assertThat(f.parse(TestRecords.bytes("1,\u00e9".getBytes(StandardCharsets.UTF_8))).fields())
        .doesNotContainKey(RecordText.INVALID_UTF8_FIELD);
  }

  @Test
  void unknownTypeColumnIsAConfigError() {
    assertThatThrownBy(() -> format("csv", Map.of("columns", "a", "types", Map.of("b", "long"))))
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> format("csv", Map.of("columns", "a", "types", Map.of("a", "int"))))
        .hasMessageContaining("csv.types.a");
  }
}
