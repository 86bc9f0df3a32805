package io.varanus.connectors.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a format's options map, remembering which keys were asked for so that {@link #finish()} can
 * refuse unknown ones. Values may come from YAML, so numbers may arrive as strings and lists as
 * comma-separated text.
 */
final class FormatOptions {

  private final String format;
  private final Map<String, ?> values;
  private final Set<String> known = new LinkedHashSet<>();

  FormatOptions(String format, Map<String, ?> values) {
    this.format = format;
    this.values = values == null ? Map.of() : values;
  }

  String format() {
    return format;
  }

  boolean has(String key) {
    known.add(key);
    return values.get(key) != null;
  }

  String string(String key, String defaultValue) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Map || v instanceof List) {
      throw invalid(key, v, "must be a single value");
    }
    return v.toString();
  }

  String choice(String key, String defaultValue, String... allowed) {
    String v = string(key, defaultValue);
    if (!Arrays.asList(allowed).contains(v)) {
      throw invalid(key, v, "must be one of " + String.join(", ", allowed));
    }
    return v;
  }

  int integer(String key, int defaultValue, int min) {
    return integer(key, defaultValue, min, Integer.MAX_VALUE);
  }

  int integer(String key, int defaultValue, int min, int max) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min) {
        throw invalid(key, v, "must be >= " + min);
      }
      if (i > max) {
        throw invalid(key, v, "must be <= " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw invalid(key, v, "must be an integer");
    }
  }

  boolean bool(String key, boolean defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw invalid(key, v, "must be true or false");
    };
  }

  char character(String key, char defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    String unescaped = v.equals("\\t") ? "\t" : v;
    if (unescaped.length() != 1) {
      throw invalid(key, v, "must be a single character");
    }
    return unescaped.charAt(0);
  }

  /** A list given as a YAML list or as comma-separated text, or null when absent. */
  List<String> stringList(String key) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o).trim());
      }
    } else if (v instanceof String s) {
      for (String part : s.split(",", -1)) {
        out.add(part.trim());
      }
    } else {
      throw invalid(key, v, "must be a list of names");
    }
    if (out.isEmpty() || out.contains("")) {
      throw invalid(key, v, "must be a non-empty list of non-empty names");
    }
    return out;
  }

  /** A map of names to text values, or an empty map when absent. */
  Map<String, String> stringMap(String key) {
    known.add(key);
    Object v = values.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw invalid(key, v, "must be a map");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
    return out;
  }

  InvalidOptionException invalid(String key, Object value, String why) {
    return InvalidOptionException.invalid(format, key, value, why);
  }

  /** Fails on any option key that no one asked for. */
  void finish() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new InvalidOptionException(
          "Unknown option "
              + format
              + "."
              + unknown.iterator().next()
              + " for format "
              + format
              + "; known options: "
              + String.join(", ", new TreeSet<>(known)));
    }
  }
}
