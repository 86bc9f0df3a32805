package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects fields and notes for one event; formats fill it and call {@link #build}. */
final class EventBuilder {

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private StringBuilder notes;
  private Instant timestamp;

  EventBuilder timestamp(Instant t) {
    this.timestamp = t;
    return this;
  }

  Instant timestamp() {
    return timestamp;
  }

  /** Sets a field; null values are left out. */
  EventBuilder put(String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
    return this;
  }

  Object get(String name) {
    return fields.get(name);
  }

  Object remove(String name) {
    return fields.remove(name);
  }

  boolean has(String name) {
    return fields.containsKey(name);
  }

  /** Records something the format dropped or repaired, in {@link LogFormats#NOTES_FIELD}. */
  EventBuilder note(String note) {
    if (notes == null) {
      notes = new StringBuilder(note);
    } else {
      notes.append("; ").append(note);
    }
    return this;
  }

  LogEvent build(Origin origin) {
    if (notes != null) {
      fields.put(LogFormats.NOTES_FIELD, notes.toString());
    }
    return new LogEvent(timestamp, fields, origin);
  }
}
