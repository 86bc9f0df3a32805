package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.source.RawRecord;
import java.util.List;

/**
 * Turns one raw record into a {@link LogEvent}. Create instances with {@link LogFormats#create}.
 * Implementations are safe for use from several threads.
 */
public interface LogFormat {

  /**
   * Parses one record.
   *
   * @throws InvalidEventException when the record is not a valid event of this format, or is a
   *     header or comment line the format consumed (see {@link
   *     InvalidEventException.Reason#HEADER}); no other exception escapes
   */
  LogEvent parse(RawRecord record);

  /** The name this format is created by, e.g. {@code "syslog"}. */
  String name();

  /**
   * Sentences for the user about how the records parsed so far were read, e.g. that their year was
   * inferred because the timestamps carry none; empty when there is nothing to say.
   */
  default List<String> notes() {
    return List.of();
  }
}
