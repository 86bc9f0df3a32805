package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.CategoricalFeatureSpec;
import io.varanus.connectors.feature.TimeFeatureSpec;
import java.time.ZoneId;

/** Extractors that read one field (numeric, categorical) or the timestamp. */
final class FieldExtractors {

  private FieldExtractors() {}

  /** The field as a finite number, NaN when missing, non-numeric or not finite. */
  static Extractor numeric(String field, int slot) {
    return (e, t, s) -> s.num[slot] = number(e, field);
  }

  static double number(LogEvent e, String field) {
    Object v = e.fields().get(field);
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else {
      Double parsed = e.number(field);
      d = parsed == null ? Double.NaN : parsed;
    }
    return Double.isFinite(d) ? d : Double.NaN;
  }

  /** The field's label under {@code mapping}, null when missing. */
  static Extractor categorical(String field, CategoricalFeatureSpec.Mapping mapping, int slot) {
    return (e, t, s) -> {
      String v = e.string(field);
      s.str[slot] = v == null ? null : mapping.apply(v);
    };
  }

  /** sin/cos of time of day and of day of week, in the order of the spec's feature names. */
  static Extractor time(TimeFeatureSpec spec, int firstSlot) {
    LocalClock clock = new LocalClock(ZoneId.of(spec.zone()));
    boolean hours = spec.timeOfDay();
    boolean days = spec.dayOfWeek();
    return (e, t, s) -> {
      long local = clock.local(t);
      int slot = firstSlot;
      if (hours) {
        double a = 2 * Math.PI * LocalClock.timeOfDay(local) / LocalClock.DAY;
        s.num[slot++] = Math.sin(a);
        s.num[slot++] = Math.cos(a);
      }
      if (days) {
        double a = 2 * Math.PI * LocalClock.dayOfWeek(local) / 7;
        s.num[slot++] = Math.sin(a);
        s.num[slot] = Math.cos(a);
      }
    };
  }
}
