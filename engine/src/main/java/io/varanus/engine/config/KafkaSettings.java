package io.varanus.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kafka:} section: client settings passed through unchanged to the consumer, producer
 * and admin client (so SASL and TLS work as Kafka users know them). Values that look like secrets
 * are redacted in {@link #toString()}.
 */
public record KafkaSettings(Map<String, String> values) {

  public KafkaSettings {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static KafkaSettings empty() {
    return new KafkaSettings(Map.of());
  }

  /** The settings as a client config map; the caller may add to the copy. */
  public Map<String, Object> toClientConfig() {
    return new LinkedHashMap<>(values);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    values.forEach((k, v) -> shown.put(k, secret(k) ? "[redacted]" : v));
    return "KafkaSettings" + shown;
  }

  private static boolean secret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.endsWith(".key")
        || k.contains("token");
  }
}
