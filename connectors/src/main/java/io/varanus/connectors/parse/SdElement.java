package io.varanus.connectors.parse;

/**
 * One RFC 5424 structured-data element {@code [id name="value" ...]}, read leniently: values may be
 * unquoted or in curly quotes, pairs may be separated by {@code ;}, and {@code \]}, {@code \"} and
 * {@code \\} are unescaped. An element without an id gets id {@code sd}.
 */
final class SdElement {

  private SdElement() {}

  /** Puts the element's parameters into the builder; returns the end position, or -1. */
  static int read(String s, int p, EventBuilder b) {
    int i = p + 1;
    int idEnd = i;
    while (idEnd < s.length() && " ]=:".indexOf(s.charAt(idEnd)) < 0) {
      idEnd++;
    }
    String id;
    if (idEnd < s.length() && (s.charAt(idEnd) == '=' || s.charAt(idEnd) == ':')) {
      id = "sd";
    } else {
      id = idEnd > i ? s.substring(i, idEnd) : "sd";
      i = idEnd;
    }
    String prefix = "log.syslog.structured_data." + id + ".";
    while (true) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ';')) {
        i++;
      }
      if (i >= s.length()) {
        return -1;
      }
      if (s.charAt(i) == ']') {
        return i + 1;
      }
      int eq = separator(s, i);
      if (eq < 0) {
        return -1;
      }
      String name = s.substring(i, eq).trim();
      StringBuilder v = new StringBuilder();
      i = value(s, eq + 1, v);
      if (i < 0 || name.isEmpty()) {
        return -1;
      }
      b.put(prefix + name, v.toString());
    }
  }

  /** The next {@code =} or {@code :} (vendors use both), or -1. */
  private static int separator(String s, int i) {
    int eq = s.indexOf('=', i);
    int colon = s.indexOf(':', i);
    return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
  }

  private static int value(String s, int i, StringBuilder v) {
    if (i >= s.length()) {
      return -1;
    }
    char open = s.charAt(i);
    char close = open == '"' ? '"' : open == '\u201C' ? '\u201D' : 0;
    if (close == 0) {
      while (i < s.length() && " ;]".indexOf(s.charAt(i)) < 0) {
        v.append(s.charAt(i++));
      }
      return i;
    }
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && "\"]\\".indexOf(s.charAt(i + 1)) >= 0) {
        v.append(s.charAt(i + 1));
        i += 2;
      } else if (c == close) {
        return i + 1;
      } else {
        v.append(c);
        i++;
      }
    }
    return -1;
  }
}
