package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Helpers for format tests: records at a file origin, a fixed clock, failure assertions. */
final class TestRecords {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-15T12:00:00Z"), ZoneOffset.UTC);

  private TestRecords() {}

  static RawRecord line(String text) {
    return line(text, 2);
  }

  static RawRecord line(String text, long lineNumber) {
    return RawRecord.of(Origin.file("test.log", lineNumber), text.getBytes(StandardCharsets.UTF_8));
  }

  static RawRecord bytes(byte[] value) {
    return RawRecord.of(Origin.file("test.log", 2), value);
  }

  static LogFormat format(String name, Map<String, ?> options) {
    return LogFormats.create(name, options, CLOCK);
  }

  static LogEvent parse(LogFormat f, String text) {
    return f.parse(line(text));
  }

  static void assertRejected(LogFormat f, RawRecord r, Reason reason) {
    assertThatThrownBy(() -> f.parse(r))
        .isInstanceOf(InvalidEventException.class)
        .satisfies(e -> assertReason((InvalidEventException) e, reason, r));
  }

  static void assertRejected(LogFormat f, String text, Reason reason) {
    assertRejected(f, line(text), reason);
  }

  private static void assertReason(InvalidEventException e, Reason reason, RawRecord r) {
    if (e.reason() != reason) {
      throw new AssertionError(
          "expected reason " + reason + " but was " + e.reason() + ": " + e.getMessage());
    }
    if (!e.getMessage().contains(r.origin().toString())) {
      throw new AssertionError("message does not name the origin: " + e.getMessage());
    }
  }
}
