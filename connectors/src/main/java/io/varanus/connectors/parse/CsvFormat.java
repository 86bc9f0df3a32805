package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.parse.Values.Type;
import io.varanus.connectors.source.RawRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delimited records (CSV and TSV), the format for flow records. Column names come from option
 * {@code columns} or from a header line: with {@code header: true} (the default when no columns are
 * configured) line 1 of each file, or the first record of any other source, is taken as the header
 * and answered with reason {@code HEADER}. Names are trimmed; a repeated name gets a suffix {@code
 * _2}, {@code _3}.
 *
 * <p>Values are typed per column ({@code types: {col: string|long|double|auto}}, default from
 * {@code default-type}, itself {@code auto}); empty values are left out. NaN and infinities
 * (CIC-IDS2017 rate columns carry them) are, with {@code non-finite: missing} (the default), left
 * out and named in the event's notes so the row is not lost; with {@code non-finite: reject} the
 * record fails with {@code NON_FINITE}.
 */
final class CsvFormat implements LogFormat {

  private final RecordText text;
  private final char delimiter;
  private final char quote;
  private final boolean header;
  private final boolean rejectNonFinite;
  private final Map<String, Type> types;
  private final Type defaultType;
  private final String timestampField;
  private final Timestamps timestamps;
  private final Columns configured;
  private final Map<String, Columns> headers = new ConcurrentHashMap<>();

  private record Columns(String[] names, Type[] types) {}

  CsvFormat(FormatOptions o, Clock clock) {
    this.text = new RecordText(o);
    this.delimiter = o.character("delimiter", ',');
    this.quote = o.character("quote", '"');
    if (delimiter == quote) {
      throw o.invalid("quote", quote, "must differ from the delimiter");
    }
    List<String> columns = o.stringList("columns");
    this.header = o.bool("header", columns == null);
    if (!header && columns == null) {
      throw o.invalid("header", false, "needs option columns to name the columns");
    }
    this.rejectNonFinite = o.choice("non-finite", "missing", "missing", "reject").equals("reject");
    this.defaultType = type(o, "default-type", o.string("default-type", "auto"));
    this.types = new HashMap<>();
    o.stringMap("types").forEach((col, t) -> types.put(col, type(o, "types." + col, t)));
    this.timestampField = o.string("timestamp-field", null);
    this.timestamps = Timestamps.fromOptions(o, "iso", clock);
    this.configured = columns == null ? null : columns(columns);
    if (configured != null) {
      for (String col : types.keySet()) {
        if (!columns.contains(col)) {
          throw o.invalid("types", col, "names no configured column");
        }
      }
    }
  }

  private static Type type(FormatOptions o, String key, String name) {
    Type t = Type.of(name);
    if (t == null) {
      throw o.invalid(key, name, "must be one of string, long, double, boolean, auto");
    }
    return t;
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    Origin origin = record.origin();
    RecordText.Text decoded = text.decode(record);
    String line = decoded.value();
    if (header && isHeaderLine(origin)) {
      List<String> names = split(line, origin);
      headers.put(origin.source(), configured != null ? configured : columns(names));
      throw new InvalidEventException(
          Reason.HEADER, origin, "header line with " + names.size() + " columns");
    }
    Columns cols = configured != null ? configured : headers.get(origin.source());
    List<String> values = split(line, origin);
    if (values.size() != cols.names().length) {
      throw new InvalidEventException(
          Reason.WRONG_COLUMN_COUNT,
          origin,
          "expected " + cols.names().length + " columns, found " + values.size());
    }
    EventBuilder b = RecordText.builder(decoded);
    StringBuilder nonFinite = null;
    for (int i = 0; i < values.size(); i++) {
      String name = cols.names()[i];
      String raw = values.get(i);
      if (raw.isEmpty()) {
        continue;
      }
      if (name.equals(timestampField)) {
        b.timestamp(timestamps.parse(raw, origin));
        continue;
      }
      Object v = Values.convert(raw, cols.types()[i]);
      if (v == Values.NOT_A_NUMBER) {
        throw new InvalidEventException(
            Reason.BAD_NUMBER,
            origin,
            "column " + name + ": expected a number, found " + Texts.excerpt(raw));
      }
      if (v == Values.NON_FINITE) {
        if (rejectNonFinite) {
          throw new InvalidEventException(
              Reason.NON_FINITE, origin, "column " + name + ": expected a finite number");
        }
        nonFinite =
            nonFinite == null ? new StringBuilder(name) : nonFinite.append(',').append(name);
        continue;
      }
      b.put(name, v);
    }
    if (nonFinite != null) {
      b.note("non-finite values left out: " + nonFinite);
    }
    return b.build(origin);
  }

  private boolean isHeaderLine(Origin origin) {
    boolean firstLineOfFile = !origin.isKafka() && origin.offset() == 1;
    return firstLineOfFile || (configured == null && !headers.containsKey(origin.source()));
  }

  private Columns columns(List<String> rawNames) {
    String[] names = new String[rawNames.size()];
    Type[] colTypes = new Type[names.length];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      String base = rawNames.get(i).trim();
      int n = seen.merge(base, 1, Integer::sum);
      names[i] = n == 1 ? base : base + "_" + n;
      colTypes[i] = types.getOrDefault(names[i], defaultType);
    }
    return new Columns(names, colTypes);
  }

  /** Splits one line into values; quoted values may hold delimiters and doubled quotes. */
  List<String> split(String line, Origin origin) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    int i = 0;
    while (true) {
      if (i < n && line.charAt(i) == quote) {
        StringBuilder v = new StringBuilder();
        i = readQuoted(line, i + 1, v, origin, out.size());
        int d = line.indexOf(delimiter, i);
        v.append(line, i, d < 0 ? n : d);
        out.add(v.toString());
        if (d < 0) {
          return out;
        }
        i = d + 1;
      } else {
        int d = line.indexOf(delimiter, i);
        out.add(line.substring(i, d < 0 ? n : d).trim());
        if (d < 0) {
          return out;
        }
        i = d + 1;
      }
    }
  }

  private int readQuoted(String line, int start, StringBuilder v, Origin origin, int column) {
    int i = start;
    while (true) {
      int q = line.indexOf(quote, i);
      if (q < 0) {
        throw new InvalidEventException(
            Reason.TRUNCATED, origin, "unterminated quoted value in column " + (column + 1));
      }
      v.append(line, i, q);
      if (q + 1 < line.length() && line.charAt(q + 1) == quote) {
        v.append(quote);
        i = q + 2;
      } else {
        return q + 1;
      }
    }
  }

  @Override
  public List<String> notes() {
    return timestamps.notes();
  }
}
