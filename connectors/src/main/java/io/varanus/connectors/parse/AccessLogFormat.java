package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;

/**
 * Apache and nginx access logs in the Common and Combined formats, with an optional trailing
 * request time, read by a hand-written scanner.
 *
 * <p>Real files bend the format, and this parser bends with them: a request holding unescaped
 * quotes ends at the quote followed by a three-digit status; {@code \"} escapes are undone; a
 * request of {@code "-"} (status 408) has no method; {@code -} bytes mean 0; a user agent without
 * its closing quote is kept and noted as truncated. Records cut before the status are {@code
 * TRUNCATED}. Invalid UTF-8 follows the common {@code invalid-utf8} option (replace by default).
 *
 * <p>Fields: {@code source.ip} (or {@code source.domain}), {@code user.name}, {@code
 * http.request.method}, {@code url.original}, {@code url.path}, {@code url.query}, {@code
 * http.version}, {@code http.response.status_code}, {@code http.response.body.bytes}, {@code
 * http.request.referrer}, {@code user_agent.original}, {@code http.request.duration} (the server's
 * request-time field as written: seconds or microseconds per its configuration). A method is a
 * token of letters, digits, {@code -} and {@code _}; junk glued to it ({@code GET!not found /x}) or
 * a request that starts with no method sets {@code http.request.parse_anomaly} ({@code
 * junk_after_method}, {@code no_method}, or {@code no_target} for a bare method) instead of
 * becoming part of a field.
 */
final class AccessLogFormat implements LogFormat {

  private final RecordText text;

  AccessLogFormat(FormatOptions o) {
    this.text = new RecordText(o);
  }

  @Override
  public String name() {
    return "access-log";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    Origin origin = record.origin();
    RecordText.Text decoded = text.decode(record);
    String s = decoded.value();
    EventBuilder b = RecordText.builder(decoded);
    AccessLogScanner sc = new AccessLogScanner(s, origin);
    String host = sc.token("client address");
    b.put(isIpLike(host) ? "source.ip" : "source.domain", host);
    sc.token("ident");
    String user = sc.token("user");
    if (!user.equals("-")) {
      b.put("user.name", user);
    }
    b.timestamp(ClfTime.parse(sc.bracketed(), origin));
    request(sc.request(), b);
    b.put("http.response.status_code", sc.status());
    b.put("http.response.body.bytes", sc.bytes());
    if (sc.more()) {
      optionalQuoted(sc.quoted("referrer"), "http.request.referrer", b);
    }
    if (sc.more()) {
      String ua = sc.quoted("user agent");
      optionalQuoted(ua, "user_agent.original", b);
      if (sc.truncated()) {
        b.note("truncated: user_agent.original");
      }
    }
    Double time = sc.number();
    b.put("http.request.duration", time);
    return b.build(origin);
  }

  private static void optionalQuoted(String v, String field, EventBuilder b) {
    if (v != null && !v.equals("-") && !v.isEmpty()) {
      b.put(field, v);
    }
  }

  private static void request(String req, EventBuilder b) {
    if (req.equals("-") || req.isBlank()) {
      return;
    }
    int sp1 = req.indexOf(' ');
    if (sp1 < 0) {
      // one token: a bare method ("GET"), or bytes that are no HTTP request at all (a TLS
      // handshake sent to the HTTP port arrives as "\x16\x03\x01...")
      if (methodLength(req) == req.length()) {
        b.put("http.request.method", req);
        b.put("http.request.parse_anomaly", "no_target");
      } else {
        b.put("url.original", req);
        b.put("http.request.parse_anomaly", "no_method");
      }
      return;
    }
    int m = methodLength(req);
    if (m == 0) {
      b.put("http.request.parse_anomaly", "no_method");
    } else {
      b.put("http.request.method", req.substring(0, m));
    }
    if (m < sp1) {
      // junk glued to the method ("GET!not found /x", "GET\" /x"): the target starts at the
      // first " /" after it, else after the first space; the junk is no field's value
      if (m > 0) {
        b.put("http.request.parse_anomaly", "junk_after_method");
      }
      int slash = req.indexOf(" /", m);
      sp1 = slash >= 0 ? slash : sp1;
    }
    int sp2 = req.lastIndexOf(' ');
    String target;
    if (sp2 > sp1 && req.startsWith("HTTP/", sp2 + 1)) {
      target = req.substring(sp1 + 1, sp2);
      b.put("http.version", req.substring(sp2 + 6));
    } else {
      target = req.substring(sp1 + 1);
    }
    b.put("url.original", target);
    int q = target.indexOf('?');
    b.put("url.path", q < 0 ? target : target.substring(0, q));
    if (q >= 0) {
      b.put("url.query", target.substring(q + 1));
    }
  }

  /** Length of the leading method token: letters, digits, {@code -} and {@code _}. */
  private static int methodLength(String req) {
    int i = 0;
    while (i < req.length()) {
      char c = req.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_')) {
        break;
      }
      i++;
    }
    return i;
  }

  static boolean isIpLike(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return host.indexOf('.') > 0 || host.indexOf(':') >= 0;
  }
}
