package io.varanus.connectors.feature;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for test events and the example specs. */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private TestEvents() {}

  /** An event at {@code time} with fields given as name, value pairs. */
  static LogEvent event(Instant time, Object... nameValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.put((String) nameValues[i], nameValues[i + 1]);
    }
    return new LogEvent(time, fields, Origin.file("test", 1));
  }

  static LogEvent event(Object... nameValues) {
    return event(T0, nameValues);
  }

  static FeatureSpec exampleSpec(String name) {
    return FeatureSpec.fromYaml(resource(name));
  }

  static Path resource(String name) {
    try {
      return Path.of(TestEvents.class.getResource("/feature/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
