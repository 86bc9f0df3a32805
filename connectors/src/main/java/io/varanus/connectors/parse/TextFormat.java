package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Free-form lines (system logs such as BGL, HDFS, Thunderbird) read with a header regex: option
 * {@code pattern}, or a named {@code preset}. The regex must match at the start of the line; its
 * named groups become fields, and the rest of the line (or group {@code message}) becomes {@code
 * message}, the input of the log-template miner. Without a pattern the whole line is the message.
 *
 * <p>Group names map to fields: {@code timestamp} (read with {@code timestamp-format}), {@code
 * level} to {@code log.level}, {@code component} to {@code log.logger}, {@code host} to {@code
 * host.hostname}, {@code process} to {@code process.name}, {@code pid} to {@code process.pid};
 * others keep their name unless option {@code fields} maps them ({@code {node: host.name}}).
 */
final class TextFormat implements LogFormat {

  private record Preset(String pattern, String timestampFormat) {}

  static final Map<String, Preset> PRESETS =
      Map.of(
          "bgl",
          new Preset(
              "(?<label>\\S+) (?<epoch>\\d+) (?<date>\\S+) (?<node>\\S+) (?<timestamp>\\S+)"
                  + " (?<noderepeat>\\S+) (?<type>\\S+) (?<component>\\S+) (?<level>\\S+) ?",
              "yyyy-MM-dd-HH.mm.ss.SSSSSS"),
          "thunderbird",
          new Preset(
              "(?<label>\\S+) (?<timestamp>\\d+) (?<date>\\S+) (?<node>\\S+) \\w{3} +\\d+"
                  + " [\\d:]+ (?<location>\\S+) (?:(?<process>[^\\s\\[:]+)(?:\\[(?<pid>\\d+)\\])?: ?)?",
              "epoch-seconds"),
          "hdfs",
          new Preset(
              "(?<timestamp>\\d{6} \\d{6}) (?<pid>\\d+) (?<level>\\w+) (?<component>[^\\s:]+): ?",
              "yyMMdd HHmmss"),
          "apache-error",
          new Preset(
              "\\[(?<timestamp>[^\\]]+)\\] \\[(?<level>\\w+)\\] ?", "EEE MMM dd HH:mm:ss yyyy"));

  private static final Map<String, String> FIELD_NAMES =
      Map.of(
          "level", "log.level",
          "component", "log.logger",
          "host", "host.hostname",
          "process", "process.name",
          "pid", "process.pid");

  private final RecordText text;
  private final Pattern pattern;
  private final Timestamps timestamps;
  private final List<String> groups;
  private final Map<String, String> fieldNames;

  TextFormat(FormatOptions o, Clock clock) {
    this.text = new RecordText(o);
    String presetName = o.string("preset", null);
    Preset preset = presetName == null ? null : PRESETS.get(presetName);
    if (presetName != null && preset == null) {
      throw o.invalid(
          "preset",
          presetName,
          "must be one of " + String.join(", ", new java.util.TreeSet<>(PRESETS.keySet())));
    }
    String regex = o.string("pattern", preset == null ? null : preset.pattern());
    this.timestamps =
        Timestamps.fromOptions(o, preset == null ? "iso" : preset.timestampFormat(), clock);
    try {
      this.pattern = regex == null ? null : Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw o.invalid("pattern", regex, "not a regular expression: " + e.getDescription());
    }
    this.groups = regex == null ? List.of() : groupNames(regex);
    this.fieldNames = new HashMap<>(FIELD_NAMES);
    fieldNames.putAll(o.stringMap("fields"));
  }

  private static List<String> groupNames(String regex) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Override
  public String name() {
    return "text";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    Origin origin = record.origin();
    RecordText.Text decoded = text.decode(record);
    String line = decoded.value();
    EventBuilder b = RecordText.builder(decoded);
    if (pattern == null) {
      return b.put("message", line).build(origin);
    }
    Matcher m = pattern.matcher(line);
    if (!m.lookingAt()) {
      throw new InvalidEventException(
          Reason.NO_MATCH, origin, "line does not match the header pattern at its start");
    }
    for (String g : groups) {
      String v = m.group(g);
      if (v != null) {
        put(g, v, b, origin);
      }
    }
    if (!groups.contains("message")) {
      b.put("message", line.substring(m.end()).strip());
    }
    return b.build(origin);
  }

  private void put(String group, String v, EventBuilder b, Origin origin) {
    if (group.equals("timestamp")) {
      b.timestamp(timestamps.parse(v.contains("  ") ? v.replaceAll(" +", " ") : v, origin));
      return;
    }
    String field = fieldNames.getOrDefault(group, group);
    if (field.equals("process.pid")) {
      Object pid = v.length() <= 18 ? Values.auto(v) : v;
      b.put(field, pid);
      return;
    }
    b.put(field, v);
  }

  @Override
  public List<String> notes() {
    return timestamps.notes();
  }
}
