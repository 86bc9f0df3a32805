package io.varanus.connectors;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed log event. Field names are dotted paths (ECS style, e.g. {@code source.ip}); values
 * are {@link String}, {@link Long}, {@link Double} or {@link Boolean}. The timestamp may be null
 * when the format carries none.
 */
public record LogEvent(Instant timestamp, Map<String, Object> fields, Origin origin) {

  public LogEvent {
    Objects.requireNonNull(origin, "origin");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The field's value as text, or null when absent. */
  public String string(String name) {
    Object v = fields.get(name);
    return v == null ? null : v.toString();
  }

  /**
   * The field's value as a number, or null when absent or not numeric. Strings that parse as
   * numbers are accepted, since many formats carry numbers as text, and so are hexadecimal strings
   * of up to 16 digits after {@code 0x} (Windows event exports write {@code Keywords} as {@code
   * 0x8020000000000000}), read as unsigned integers.
   */
  public Double number(String name) {
    Object v = fields.get(name);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof String s && !s.isEmpty()) {
      Double hex = hex(s);
      if (hex != null) {
        return hex;
      }
      try {
        double d = Double.parseDouble(s.trim());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Double hex(String s) {
    int n = s.length();
    if (n < 3 || n > 18 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
      return null;
    }
    long v = 0;
    for (int i = 2; i < n; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return null;
      }
      v = (v << 4) | d;
    }
    // unsigned: the top bit set is 2^63 and more, not a negative number
    return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
  }
}
