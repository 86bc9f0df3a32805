package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The RFC 5424 header after {@code <PRI>1 }: time, host, app, procid, msgid, structured data and
 * message. Nil values ({@code -}) are left out. Structured data becomes {@code
 * log.syslog.structured_data.<id>.<name>} fields; data that cannot be read is kept as text in
 * {@code log.syslog.structured_data} with a note. A {@code @cee:} JSON message is flattened into
 * the event.
 */
final class Rfc5424 {

  private final BiFunction<String, Origin, Instant> time;
  private final JsonFormat json;

  Rfc5424(BiFunction<String, Origin, Instant> time, JsonFormat json) {
    this.time = time;
    this.json = json;
  }

  void parse(String s, int pos, EventBuilder b, Origin origin) {
    String[] header = new String[5];
    int p = pos;
    for (int i = 0; i < header.length; i++) {
      p = SyslogFormat.skipSpaces(s, p);
      int end = SyslogFormat.tokenEnd(s, p);
      header[i] = p < end ? s.substring(p, end) : "-";
      p = end;
    }
    if (!header[0].equals("-")) {
      b.timestamp(time.apply(header[0], origin));
    }
    putUnlessNil(b, "host.hostname", header[1]);
    putUnlessNil(b, "process.name", header[2]);
    if (!header[3].equals("-")) {
      Object pid = header[3].length() <= 9 ? Values.auto(header[3]) : header[3];
      b.put("process.pid", pid instanceof Long ? pid : null);
      if (!(pid instanceof Long)) {
        b.put("process.id", header[3]);
      }
    }
    putUnlessNil(b, "log.syslog.msgid", header[4]);
    p = SyslogFormat.skipSpaces(s, p);
    p = structuredData(s, p, b);
    String msg = p < s.length() ? s.substring(p).strip() : "";
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1);
    }
    message(msg, b, origin);
  }

  private void message(String msg, EventBuilder b, Origin origin) {
    if (msg.startsWith("@cee:")) {
      try {
        EventBuilder cee = new EventBuilder();
        json.readInto(msg, cee, origin);
        Map<String, Object> fields = cee.build(origin).fields();
        fields.forEach(b::put);
        Object text = fields.get("msg");
        if (text != null && !fields.containsKey("message")) {
          b.put("message", text.toString());
        }
        return;
      } catch (InvalidEventException e) {
        b.note("@cee payload is not valid JSON, kept as message");
      }
    }
    if (!msg.isEmpty()) {
      b.put("message", msg);
    }
  }

  private static void putUnlessNil(EventBuilder b, String field, String v) {
    if (!v.equals("-")) {
      b.put(field, v);
    }
  }

  /** Reads {@code -} or {@code [id k="v" ...]...}; returns the position after it. */
  private static int structuredData(String s, int p, EventBuilder b) {
    if (p >= s.length()) {
      return p;
    }
    if (s.charAt(p) == '-' && (p + 1 == s.length() || s.charAt(p + 1) == ' ')) {
      return p + 1;
    }
    if (s.charAt(p) != '[') {
      return p;
    }
    int start = p;
    while (p < s.length() && s.charAt(p) == '[') {
      int end = SdElement.read(s, p, b);
      if (end < 0) {
        int close = s.indexOf(']', p);
        int stop = close < 0 ? s.length() : close + 1;
        b.put("log.syslog.structured_data", s.substring(start, stop));
        b.note("structured data not readable, kept as text");
        return stop;
      }
      p = end;
    }
    return p;
  }
}
