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
   * numbers are accepted, since many formats carry numbers as text.
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
      try {
        double d = Double.parseDouble(s.trim());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
