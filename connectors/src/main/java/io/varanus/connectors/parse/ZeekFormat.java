package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.parse.Values.Type;
import io.varanus.connectors.source.RawRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zeek logs (conn.log and others) in their TSV form or as JSON lines, chosen per record by its
 * first character. TSV columns and types come from each source's {@code #fields} and {@code #types}
 * directives (answered with reason {@code HEADER}), or from option {@code fields} for sources
 * without them. Unset ({@code -}) and empty ({@code (empty)}) values are left out. JSON keys
 * renamed by pipelines ({@code id_orig_h}) are read as {@code id.orig_h}. The connection endpoints
 * are also given ECS names: {@code source.ip}, {@code source.port}, {@code destination.ip}, {@code
 * destination.port}, {@code network.transport}.
 */
final class ZeekFormat implements LogFormat {

  private static final Map<String, String> ECS =
      Map.of(
          "id.orig_h", "source.ip",
          "id.orig_p", "source.port",
          "id.resp_h", "destination.ip",
          "id.resp_p", "destination.port",
          "proto", "network.transport");

  private final RecordText text;
  private final JsonFormat json;
  private final Timestamps timestamps;
  private final Header configured;
  private final Map<String, Header> headers = new ConcurrentHashMap<>();

  /** One source's directives; immutable, replaced as directives arrive. */
  private record Header(char separator, String unset, String empty, String[] fields, Type[] types) {

    Header withFields(String[] f, Type[] t) {
      return new Header(separator, unset, empty, f, t);
    }
  }

  private static final Header DEFAULT = new Header('\t', "-", "(empty)", null, null);

  ZeekFormat(FormatOptions o, Clock clock) {
    this.text = new RecordText(o);
    this.timestamps = Timestamps.fromOptions(o, "epoch-seconds", clock);
    this.json =
        new JsonFormat(
            new FormatOptions("zeek", Map.of("max-bytes", text.maxBytes(), "timestamp-field", "")),
            clock);
    List<String> fields = o.stringList("fields");
    this.configured =
        fields == null
            ? DEFAULT
            : DEFAULT.withFields(fields.toArray(String[]::new), autoTypes(fields.size()));
  }

  private static Type[] autoTypes(int n) {
    Type[] t = new Type[n];
    java.util.Arrays.fill(t, Type.AUTO);
    return t;
  }

  @Override
  public String name() {
    return "zeek";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    Origin origin = record.origin();
    RecordText.Text decoded = text.decode(record);
    String line = decoded.value();
    EventBuilder b = RecordText.builder(decoded);
    if (line.charAt(0) == '{') {
      readJson(line, b, origin);
    } else if (line.charAt(0) == '#') {
      directive(line, origin);
      throw new InvalidEventException(Reason.HEADER, origin, "Zeek directive line");
    } else {
      readTsv(line, b, origin);
    }
    ECS.forEach((zeek, ecs) -> b.put(ecs, b.get(zeek)));
    return b.build(origin);
  }

  private void readJson(String line, EventBuilder raw, Origin origin) {
    EventBuilder parsed = new EventBuilder();
    json.readInto(line, parsed, origin);
    LogEvent e = parsed.build(origin);
    // an empty set ("tunnel_parents": []) is left out, as "(empty)" is in TSV
    e.fields()
        .forEach(
            (k, v) -> {
              if (!"".equals(v)) {
                raw.put(k.startsWith("id_") ? "id." + k.substring(3) : k, v);
              }
            });
    Object ts = raw.get("ts");
    if (ts instanceof Number n) {
      raw.timestamp(timestamps.fromNumber(n.doubleValue(), "ts", origin));
    } else if (ts != null) {
      raw.timestamp(timestampsIso(ts.toString(), origin));
    }
  }

  private java.time.Instant timestampsIso(String s, Origin origin) {
    try {
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (java.time.DateTimeException e) {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP, origin, "ts " + Texts.excerpt(s) + " is not an ISO-8601 time");
    }
  }

  private void directive(String line, Origin origin) {
    Header h = headers.getOrDefault(origin.source(), configured);
    int sp = indexOfSeparator(line, h.separator());
    String name = sp < 0 ? line : line.substring(0, sp);
    String rest = sp < 0 ? "" : line.substring(sp + 1);
    Header next =
        switch (name) {
          case "#separator" ->
              new Header(
                  separator(rest.trim(), origin), h.unset(), h.empty(), h.fields(), h.types());
          case "#unset_field" -> new Header(h.separator(), rest, h.empty(), h.fields(), h.types());
          case "#empty_field" -> new Header(h.separator(), h.unset(), rest, h.fields(), h.types());
          case "#fields" -> fields(h, split(rest, h.separator()));
          case "#types" -> types(h, split(rest, h.separator()));
          default -> h;
        };
    headers.put(origin.source(), next);
  }

  private static int indexOfSeparator(String line, char sep) {
    int i = line.indexOf(sep);
    int sp = line.indexOf(' ');
    return i < 0 ? sp : (sp < 0 ? i : Math.min(i, sp));
  }

  /** The separator a {@code #separator} directive names: one character, or {@code \\xHH}. */
  private static char separator(String s, Origin origin) {
    if (s.startsWith("\\x") && s.length() == 4) {
      int hi = Character.digit(s.charAt(2), 16);
      int lo = Character.digit(s.charAt(3), 16);
      if (hi < 0 || lo < 0) {
        throw new InvalidEventException(
            Reason.NO_MATCH,
            origin,
            "#separator " + Texts.excerpt(s) + " is neither one character nor \\xHH (hex)");
      }
      return (char) (hi * 16 + lo);
    }
    return s.isEmpty() ? '\t' : s.charAt(0);
  }

  private static Header fields(Header h, String[] names) {
    return h.withFields(names, autoTypes(names.length));
  }

  private static Header types(Header h, String[] zeekTypes) {
    if (h.fields() == null || zeekTypes.length != h.fields().length) {
      return h;
    }
    Type[] t = new Type[zeekTypes.length];
    for (int i = 0; i < t.length; i++) {
      t[i] =
          switch (zeekTypes[i]) {
            case "count", "int", "port" -> Type.LONG;
            case "double", "interval", "time" -> Type.DOUBLE;
            case "bool" -> Type.BOOLEAN;
            default -> Type.STRING;
          };
    }
    return h.withFields(h.fields(), t);
  }

  private void readTsv(String line, EventBuilder b, Origin origin) {
    Header h = headers.getOrDefault(origin.source(), configured);
    if (h.fields() == null) {
      throw new InvalidEventException(
          Reason.NO_MATCH, origin, "no #fields directive before this record and no option fields");
    }
    String[] values = split(line, h.separator());
    if (values.length != h.fields().length) {
      throw new InvalidEventException(
          Reason.WRONG_COLUMN_COUNT,
          origin,
          "expected " + h.fields().length + " columns from #fields, found " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v.isEmpty() || v.equals(h.unset()) || v.equals(h.empty())) {
        continue;
      }
      b.put(h.fields()[i], value(h.fields()[i], v, h.types()[i], origin));
    }
    if (b.get("ts") instanceof Number ts) {
      b.timestamp(timestamps.fromNumber(ts.doubleValue(), "ts", origin));
    }
  }

  private static Object value(String field, String v, Type type, Origin origin) {
    Object o = Values.convert(v, type);
    if (o == Values.NOT_A_NUMBER || o == Values.NON_FINITE) {
      throw new InvalidEventException(
          o == Values.NOT_A_NUMBER ? Reason.BAD_NUMBER : Reason.NON_FINITE,
          origin,
          "field " + field + ": expected a finite number, found " + Texts.excerpt(v));
    }
    return o;
  }

  /** Splits on one character, keeping empty parts (the separator is data, not a regex). */
  private static String[] split(String s, char separator) {
    List<String> parts = new java.util.ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
      parts.add(s.substring(from, at));
      from = at + 1;
    }
    parts.add(s.substring(from));
    return parts.toArray(new String[0]);
  }

  @Override
  public List<String> notes() {
    return timestamps.notes();
  }
}
