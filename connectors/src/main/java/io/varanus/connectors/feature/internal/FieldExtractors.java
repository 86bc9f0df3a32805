package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.CategoricalFeatureSpec;
import io.varanus.connectors.feature.TimeFeatureSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Extractors that read one field (numeric, categorical) or the timestamp. */
final class FieldExtractors {

  private static final long DAY = 86_400_000L;

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
    ZoneId zone = ZoneId.of(spec.zone());
    boolean fixed = zone.getRules().isFixedOffset();
    long fixedOffset =
        fixed ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
    boolean hours = spec.timeOfDay();
    boolean days = spec.dayOfWeek();
    return (e, t, s) -> {
      long local = t + (fixed ? fixedOffset : offsetMillis(zone, t));
      int slot = firstSlot;
      if (hours) {
        double a = 2 * Math.PI * Math.floorMod(local, DAY) / DAY;
        s.num[slot++] = Math.sin(a);
        s.num[slot++] = Math.cos(a);
      }
      if (days) {
        long dow = Math.floorMod(Math.floorDiv(local, DAY) + 3, 7);
        double a = 2 * Math.PI * dow / 7;
        s.num[slot++] = Math.sin(a);
        s.num[slot] = Math.cos(a);
      }
    };
  }

  private static long offsetMillis(ZoneId zone, long t) {
    ZoneOffset o = zone.getRules().getOffset(Instant.ofEpochMilli(t));
    return o.getTotalSeconds() * 1000L;
  }
}
