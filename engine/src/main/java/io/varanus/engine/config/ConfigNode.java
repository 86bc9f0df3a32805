package io.varanus.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.connectors.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * A section of a YAML config being read: typed getters with defaults, and a check that rejects keys
 * nobody asked for. Messages carry the key path, e.g. {@code model.latent-dim}.
 */
final class ConfigNode {

  private final JsonNode node;
  private final String path;
  private final String file;

  ConfigNode(JsonNode node, String path, String file) {
    this.node = node;
    this.path = path;
    this.file = file;
  }

  boolean has(String key) {
    return node != null && node.has(key) && !node.get(key).isNull();
  }

  JsonNode raw(String key) {
    return node == null ? null : node.get(key);
  }

  String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  ConfigNode section(String key) {
    JsonNode child = raw(key);
    if (child != null && !child.isNull() && !child.isObject()) {
      throw invalid(key, child, "must be a mapping");
    }
    return new ConfigNode(child == null || child.isNull() ? null : child, key(key), file);
  }

  String string(String key, String fallback) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isValueNode()) {
      throw invalid(key, v, "must be a string");
    }
    return v.asText();
  }

  int integer(String key, int fallback, int min) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw invalid(key, v, "must be an integer");
    }
    if (v.asInt() < min) {
      throw invalid(key, v, "must be >= " + min);
    }
    return v.asInt();
  }

  long longValue(String key, long fallback) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber()) {
      throw invalid(key, v, "must be an integer");
    }
    return v.asLong();
  }

  double number(String key, double fallback, double minExclusive, double maxExclusive) {
    return number(
        key,
        fallback,
        d -> d > minExclusive && d < maxExclusive,
        "must be greater than " + plain(minExclusive) + " and less than " + plain(maxExclusive));
  }

  /** A number above {@code minExclusive}, up to and including {@code max}. */
  double numberAbove(String key, double fallback, double minExclusive, double max) {
    return number(
        key,
        fallback,
        d -> d > minExclusive && d <= max,
        "must be greater than " + plain(minExclusive) + " and at most " + plain(max));
  }

  /** A number from {@code min} to {@code max}, both allowed. */
  double numberBetween(String key, double fallback, double min, double max) {
    return number(
        key,
        fallback,
        d -> d >= min && d <= max,
        "must be between " + plain(min) + " and " + plain(max));
  }

  private double number(String key, double fallback, DoublePredicate allowed, String expected) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw invalid(key, v, "must be a number");
    }
    double d = v.asDouble();
    if (!allowed.test(d)) {
      throw invalid(key, v, expected);
    }
    return d;
  }

  /** {@code 1} rather than {@code 1.0}, {@code 1000000000} rather than {@code 1.0E9}. */
  private static String plain(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  List<Integer> integers(String key, List<Integer> fallback) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw invalid(key, v, "must be a non-empty list of integers, e.g. [64]");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isIntegralNumber() || e.asInt() < 1) {
        throw invalid(key, v, "must be a list of integers >= 1");
      }
      out.add(e.asInt());
    }
    return out;
  }

  List<String> strings(String key, List<String> fallback) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isValueNode() && !v.asText().isBlank()) {
      return List.of(v.asText());
    }
    if (!v.isArray() || v.isEmpty()) {
      throw invalid(key, v, "must be a string or a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isValueNode() || e.asText().isBlank()) {
        throw invalid(key, v, "must be a list of non-empty strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  /**
   * A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO.
   */
  Duration duration(String key, Duration fallback, Duration min) {
    JsonNode v = raw(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    Duration d;
    try {
      d = Durations.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw invalid(key, v, "must be a duration such as 500ms, 30s, 5m, 2h or PT5M");
    }
    if (d.compareTo(min) < 0) {
      throw invalid(key, v, "must be at least " + min);
    }
    return d;
  }

  /** Fails on any key not in {@code allowed}. */
  void allowOnly(Set<String> allowed) {
    if (node == null) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!allowed.contains(k)) {
        throw new ConfigException(
            file
                + ": unknown key "
                + key(k)
                + "; allowed keys"
                + (path.isEmpty() ? "" : " in " + path)
                + " are "
                + new java.util.TreeSet<>(allowed));
      }
    }
  }

  ConfigException invalid(String key, JsonNode value, String rule) {
    return new ConfigException(
        file + ": invalid value " + value + " for configuration " + key(key) + ": " + rule);
  }
}
