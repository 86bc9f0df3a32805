package io.varanus.connectors.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * One JSON object per record. Nested objects become dotted field names ({@code {"source":{"ip":
 * ..}}} gives {@code source.ip}); arrays of scalars are joined with commas and other arrays are
 * kept as JSON text; nulls are left out. Size and nesting depth are bounded by Jackson's
 * StreamReadConstraints. A leading {@code @cee:} cookie is accepted.
 *
 * <p>Options: {@code timestamp-field} (default {@code @timestamp}; the value is removed from the
 * fields), {@code timestamp-format} (default {@code iso}), {@code timezone}, {@code max-depth}
 * (default 32), {@code max-bytes}, {@code invalid-utf8}.
 */
final class JsonFormat implements LogFormat {

  private final RecordText text;
  private final ObjectMapper mapper;
  private final String timestampField;
  private final Timestamps timestamps;
  private final int maxDepth;

  /**
   * The deepest nesting {@code max-depth} accepts: nested arrays are kept as JSON text, and writing
   * that text is bounded at this depth too.
   */
  static final int MAX_DEPTH_LIMIT = 1000;

  JsonFormat(FormatOptions o, Clock clock) {
    this.text = new RecordText(o);
    this.maxDepth = o.integer("max-depth", 32, 1, MAX_DEPTH_LIMIT);
    this.timestampField = o.string("timestamp-field", "@timestamp");
    this.timestamps = Timestamps.fromOptions(o, "iso", clock);
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(this.maxDepth)
                    .maxDocumentLength(text.maxBytes())
                    .maxStringLength(text.maxBytes())
                    .build())
            .build();
    this.mapper = new ObjectMapper(factory);
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    RecordText.Text json = text.decode(record);
    EventBuilder b = RecordText.builder(json);
    readInto(json.value(), b, record.origin());
    Object ts = b.remove(timestampField);
    if (ts != null) {
      b.timestamp(timestamp(ts, record.origin()));
    }
    return b.build(record.origin());
  }

  private Instant timestamp(Object value, Origin origin) {
    if (value instanceof Number n) {
      return timestamps.fromNumber(n.doubleValue(), timestampField, origin);
    }
    return timestamps.parse(value.toString(), origin);
  }

  /** Flattens one JSON object (optionally after a {@code @cee:} cookie) into the builder. */
  void readInto(String json, EventBuilder b, Origin origin) {
    String body = json.stripLeading();
    if (body.startsWith("@cee:")) {
      body = body.substring(5);
    }
    try (JsonParser p = mapper.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException(Reason.BAD_JSON, origin, "expected a JSON object");
      }
      readObject(p, null, b);
      if (p.nextToken() != null) {
        throw new InvalidEventException(
            Reason.BAD_JSON, origin, "unexpected content after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      boolean depth = e.getMessage() != null && e.getMessage().contains("depth");
      throw new InvalidEventException(
          depth ? Reason.TOO_DEEP : Reason.OVERSIZE, origin, constraint(depth), e);
    } catch (JsonProcessingException e) {
      Reason reason = isEndOfInput(e) ? Reason.TRUNCATED : Reason.BAD_JSON;
      throw new InvalidEventException(reason, origin, jsonProblem(e), e);
    } catch (IOException e) {
      throw new InvalidEventException(Reason.BAD_JSON, origin, "unreadable JSON", e);
    }
  }

  private static boolean isEndOfInput(JsonProcessingException e) {
    return e.getMessage() != null && e.getMessage().contains("end-of-input");
  }

  /** Names Varanus's option, not the JSON library's setting. */
  private String constraint(boolean depth) {
    return depth
        ? "JSON nested deeper than "
            + maxDepth
            + " levels (option max-depth, at most "
            + MAX_DEPTH_LIMIT
            + ")"
        : "a JSON value longer than " + text.maxBytes() + " bytes (option max-bytes)";
  }

  private static String jsonProblem(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    return "not valid JSON"
        + where
        + ": "
        + (m == null ? "" : Texts.excerpt(withoutHint(firstLine(m))));
  }

  /** The parser's advice names its own settings ("enable JsonReadFeature..."), not Varanus's. */
  private static String withoutHint(String message) {
    return message.replaceAll(
        "[:;,]? *\\(?(enable|use) `?[A-Za-z]+(Feature|Constraints)[^ ]*.*$", "");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void readObject(JsonParser p, String prefix, EventBuilder b) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix == null ? p.currentName() : prefix + "." + p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case START_OBJECT -> readObject(p, name, b);
        case START_ARRAY -> b.put(name, arrayText(mapper.readTree(p)));
        case VALUE_STRING -> b.put(name, p.getText());
        case VALUE_NUMBER_INT ->
            b.put(
                name,
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? finiteOrText(name, p.getDoubleValue(), p.getText(), b)
                    : (Object) p.getLongValue());
        case VALUE_NUMBER_FLOAT ->
            b.put(name, finiteOrText(name, p.getDoubleValue(), p.getText(), b));
        case VALUE_TRUE -> b.put(name, Boolean.TRUE);
        case VALUE_FALSE -> b.put(name, Boolean.FALSE);
        default -> {
          // null and embedded values are left out
        }
      }
    }
  }

  /**
   * Numbers too large for a double stay as their text, so no event carries an infinity; the event
   * notes it ({@code NON_FINITE}), and a numeric feature reads the field as missing.
   */
  private static Object finiteOrText(String field, double value, String text, EventBuilder b) {
    if (Double.isFinite(value)) {
      return value;
    }
    b.note("NON_FINITE: " + field + " is beyond a double, kept as text");
    return text;
  }

  private static String arrayText(JsonNode array) {
    StringJoiner joined = new StringJoiner(",");
    for (JsonNode e : array) {
      if (e.isContainerNode()) {
        return array.toString();
      }
      joined.add(e.asText());
    }
    return joined.toString();
  }

  @Override
  public List<String> notes() {
    return timestamps.notes();
  }
}
