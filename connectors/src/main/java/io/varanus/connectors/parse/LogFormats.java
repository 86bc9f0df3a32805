package io.varanus.connectors.parse;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Creates formats by name: {@code json}, {@code syslog}, {@code access-log}, {@code csv}, {@code
 * zeek}, {@code text}. Options are checked when the format is created: unknown keys and invalid
 * values throw {@link InvalidOptionException}. Every format takes {@code max-bytes} (default 1 MiB;
 * larger records are {@code OVERSIZE}) and {@code invalid-utf8} ({@code replace}, the default,
 * substitutes U+FFFD and notes it in the event; {@code reject} gives {@code NOT_UTF8}).
 */
public final class LogFormats {

  /** The field where formats note what they dropped or repaired in an event. */
  public static final String NOTES_FIELD = "varanus.notes";

  /** The format names {@link #create} accepts. */
  public static final List<String> NAMES =
      List.of("json", "syslog", "access-log", "csv", "zeek", "text");

  private LogFormats() {}

  /** A format whose year inference (syslog, text) uses the system clock. */
  public static LogFormat create(String name, Map<String, ?> options) {
    return create(name, options, Clock.systemUTC());
  }

  /**
   * A format by name with its options; the clock is used only to infer the year of timestamps that
   * carry none.
   *
   * @throws InvalidOptionException for an unknown name, an unknown option or an invalid value
   */
  public static LogFormat create(String name, Map<String, ?> options, Clock clock) {
    FormatOptions o = new FormatOptions(name, options);
    LogFormat format =
        switch (name == null ? "" : name) {
          case "json" -> new JsonFormat(o, clock);
          case "syslog" -> new SyslogFormat(o, clock);
          case "access-log" -> new AccessLogFormat(o);
          case "csv" -> new CsvFormat(o, clock);
          case "zeek" -> new ZeekFormat(o, clock);
          case "text" -> new TextFormat(o, clock);
          default ->
              throw new InvalidOptionException(
                  "Invalid value "
                      + name
                      + " for format: must be one of "
                      + String.join(", ", NAMES));
        };
    o.finish();
    return format;
  }
}
