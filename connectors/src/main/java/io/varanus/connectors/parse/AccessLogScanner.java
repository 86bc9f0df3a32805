package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;

/** A cursor over one access-log line; each method reads one part and moves past it. */
final class AccessLogScanner {

  private final String s;
  private final int n;
  private final Origin origin;
  private int pos;
  private boolean truncated;

  AccessLogScanner(String s, Origin origin) {
    this.s = s;
    this.n = s.length();
    this.origin = origin;
  }

  /** A space-delimited token. */
  String token(String what) {
    skipSpaces();
    int end = s.indexOf(' ', pos);
    if (end < 0 || end == pos) {
      throw truncatedBefore(what);
    }
    String t = s.substring(pos, end);
    pos = end;
    return t;
  }

  /** The text between {@code [} and {@code ]}. */
  String bracketed() {
    skipSpaces();
    if (pos >= n) {
      throw truncatedBefore("time");
    }
    if (s.charAt(pos) != '[') {
      throw new InvalidEventException(
          Reason.NO_MATCH, origin, "expected '[' before the time at column " + (pos + 1));
    }
    int end = s.indexOf(']', pos);
    if (end < 0) {
      throw truncatedBefore("end of time");
    }
    String t = s.substring(pos + 1, end);
    pos = end + 1;
    return t;
  }

  /**
   * The quoted request. It ends at the first unescaped quote followed by a space and a three-digit
   * status, so unescaped quotes inside the request are kept.
   */
  String request() {
    skipSpaces();
    if (pos >= n) {
      throw truncatedBefore("request");
    }
    if (s.charAt(pos) != '"') {
      throw new InvalidEventException(
          Reason.NO_MATCH, origin, "expected '\"' before the request at column " + (pos + 1));
    }
    int q = pos + 1;
    while (true) {
      q = s.indexOf('"', q);
      if (q < 0) {
        throw truncatedBefore("status");
      }
      if (!escaped(q) && statusAt(q + 2) && s.charAt(q + 1) == ' ') {
        break;
      }
      q++;
    }
    String req = unescape(s.substring(pos + 1, q));
    pos = q + 1;
    return req;
  }

  private boolean statusAt(int i) {
    return i + 3 <= n
        && isDigit(s.charAt(i))
        && isDigit(s.charAt(i + 1))
        && isDigit(s.charAt(i + 2))
        && (i + 3 == n || s.charAt(i + 3) == ' ');
  }

  long status() {
    skipSpaces();
    long v =
        (s.charAt(pos) - '0') * 100L + (s.charAt(pos + 1) - '0') * 10L + (s.charAt(pos + 2) - '0');
    pos += 3;
    return v;
  }

  /** The response size; {@code -} means no body, so 0. */
  long bytes() {
    skipSpaces();
    if (pos >= n) {
      throw truncatedBefore("response size");
    }
    int end = s.indexOf(' ', pos);
    end = end < 0 ? n : end;
    String t = s.substring(pos, end);
    pos = end;
    if (t.equals("-")) {
      return 0;
    }
    if (t.isEmpty() || t.length() > 18) {
      throw badNumber("response size", t);
    }
    long v = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        throw badNumber("response size", t);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  boolean more() {
    skipSpaces();
    return pos < n;
  }

  /**
   * A quoted value ending at an unescaped quote followed by a space or the end. A value whose
   * closing quote is missing runs to the end of the line and sets {@link #truncated()}.
   */
  String quoted(String what) {
    if (s.charAt(pos) != '"') {
      throw new InvalidEventException(
          Reason.NO_MATCH, origin, "expected '\"' before the " + what + " at column " + (pos + 1));
    }
    int q = pos + 1;
    while (true) {
      q = s.indexOf('"', q);
      if (q < 0) {
        truncated = true;
        String v = unescape(s.substring(pos + 1));
        pos = n;
        return v;
      }
      if (!escaped(q) && (q + 1 == n || s.charAt(q + 1) == ' ')) {
        String v = unescape(s.substring(pos + 1, q));
        pos = q + 1;
        return v;
      }
      q++;
    }
  }

  boolean truncated() {
    return truncated;
  }

  /** The first remaining token if it is a number (a request time), else null. */
  Double number() {
    if (!more()) {
      return null;
    }
    int end = s.indexOf(' ', pos);
    String t = s.substring(pos, end < 0 ? n : end);
    pos = end < 0 ? n : end;
    Object v = Values.auto(t);
    return v instanceof Number num ? num.doubleValue() : null;
  }

  private boolean escaped(int q) {
    int k = q - 1;
    while (k >= 0 && s.charAt(k) == '\\') {
      k--;
    }
    return ((q - 1 - k) & 1) == 1;
  }

  private static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length() && (v.charAt(i + 1) == '"' || v.charAt(i + 1) == '\\')) {
        c = v.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  private void skipSpaces() {
    while (pos < n && s.charAt(pos) == ' ') {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private InvalidEventException truncatedBefore(String what) {
    return new InvalidEventException(
        Reason.TRUNCATED, origin, "record ends before the " + what + " (" + n + " chars)");
  }

  private InvalidEventException badNumber(String what, String t) {
    return new InvalidEventException(
        Reason.BAD_NUMBER, origin, what + ": expected digits or '-', found " + Texts.excerpt(t));
  }
}
