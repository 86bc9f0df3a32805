package io.varanus.connectors.generate;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The kinds of synthetic logs, with the format (and its options) that reads them back: {@code ssh}
 * (sshd lines of an auth.log, syslog), {@code web} (combined access log), {@code flow} (CSV flow
 * records with {@code label} and {@code attack_class} columns).
 */
public enum LogStream {
  SSH("syslog"),
  WEB("access-log"),
  FLOW("csv");

  /** The flow CSV columns; the last two carry the ground truth. */
  public static final List<String> FLOW_COLUMNS =
      List.of(
          "ts",
          "src_ip",
          "src_port",
          "dst_ip",
          "dst_port",
          "proto",
          "duration",
          "bytes_out",
          "bytes_in",
          "packets_out",
          "packets_in",
          "conn_state",
          "label",
          "attack_class");

  private final String formatName;

  LogStream(String formatName) {
    this.formatName = formatName;
  }

  /** The name of the format that parses this stream, for {@code LogFormats.create}. */
  public String formatName() {
    return formatName;
  }

  /**
   * The options of that format for lines generated with this config. Syslog lines carry no year, so
   * the start's year is fixed (a run that crosses New Year reads the later lines a year early).
   */
  public Map<String, Object> formatOptions(GeneratorConfig config) {
    return switch (this) {
      case SSH -> Map.of("year", config.start().atOffset(ZoneOffset.UTC).getYear());
      case WEB -> Map.of();
      case FLOW -> Map.of("columns", FLOW_COLUMNS, "header", true, "timestamp-field", "ts");
    };
  }

  /** The header line files of this stream start with, or null. */
  public String header() {
    return this == FLOW ? String.join(",", FLOW_COLUMNS) : null;
  }

  /** The stream named {@code ssh}, {@code web} or {@code flow}. */
  public static LogStream of(String name) {
    for (LogStream s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Invalid value " + name + " for stream: must be one of ssh, web, flow");
  }
}
