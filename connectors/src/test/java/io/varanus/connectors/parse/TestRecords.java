package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.function.Supplier;

/**
 * Helpers for format tests: records at a file origin, a fixed clock, failure assertions, and the
 * check and byte edits the fuzz tests share.
 */
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

  /**
   * Whatever the bytes: {@code f} gives an event with the record's origin and no null value, or an
   * {@link InvalidEventException} with a reason and a message naming the record's place. Any other
   * exception fails, described by {@code where}.
   */
  static void assertParsedOrRejected(LogFormat f, RawRecord record, Supplier<String> where) {
    try {
      LogEvent e = f.parse(record);
      assertThat(e.origin()).as(where).isEqualTo(record.origin());
      e.fields().values().forEach(v -> assertThat(v).as(where).isNotNull());
    } catch (InvalidEventException e) {
      assertThat(e.reason()).as(where).isNotNull();
      assertThat(e.getMessage()).as(where).contains(record.origin().toString());
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("Unexpected " + e + " for " + where.get(), e);
    }
  }

  /** {@code b} with {@code [from, to)} replaced by {@code insert}. */
  static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[from + insert.length + b.length - to];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
