package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.WindowFeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Updates an entity's window with the event and reads count, distinct values, failure ratio. */
final class WindowExtractor implements Extractor {

  private final WindowFeatureSpec spec;
  private EntityWindows windows;
  private final String[] distinctFields;
  private final String[] distinctValues;
  private final Set<String> failureValues;
  private final int firstSlot;
  private final int width;

  WindowExtractor(WindowFeatureSpec spec, int firstSlot) {
    this.spec = spec;
    this.distinctFields = spec.distinct().toArray(new String[0]);
    this.distinctValues = new String[distinctFields.length];
    this.windows =
        new EntityWindows(
            spec.length().toMillis(),
            spec.buckets(),
            spec.maxEntities(),
            distinctFields.length,
            spec.maxDistinct());
    this.failureValues = spec.failure() == null ? Set.of() : Set.copyOf(spec.failure().values());
    this.firstSlot = firstSlot;
    this.width = spec.featureNames().size();
  }

  EntityWindows windows() {
    return windows;
  }

  /**
   * Continues {@code previous}'s per-entity windows instead of starting empty, when both were built
   * from the same window spec; true when it did. The previous extractor must not be used after.
   */
  boolean continueFrom(WindowExtractor previous) {
    if (!spec.equals(previous.spec)) {
      return false;
    }
    windows = previous.windows;
    return true;
  }

  @Override
  public void extract(LogEvent event, long timeMillis, Scratch s) {
    String key = event.string(spec.key());
    for (int i = 0; i < distinctFields.length; i++) {
      distinctValues[i] = event.string(distinctFields[i]);
    }
    boolean failure = false;
    if (spec.failure() != null) {
      String outcome = event.string(spec.failure().field());
      failure = outcome != null && failureValues.contains(outcome);
    }
    if (key == null) {
      keyless(failure, s);
      return;
    }
    EntityWindows.EntityWindow w = windows.record(key, timeMillis, failure, distinctValues);
    int slot = firstSlot;
    if (spec.count()) {
      s.num[slot++] = w.count();
    }
    for (int i = 0; i < distinctFields.length; i++) {
      s.num[slot++] = w.distinct(i);
    }
    if (spec.failure() != null) {
      s.num[slot] = w.failureRatio();
    }
  }

  /**
   * Fills the slots of a replayed event from {@code values} (by feature name, in original units, as
   * the event's own stream gave them when it was first featurized), without touching the windows: a
   * replayed event is not part of the stream around it. A feature missing from {@code values} (the
   * window spec changed since) gets the values of an entity seen once, as a keyless event.
   */
  @Override
  public void replay(LogEvent event, long timeMillis, Map<String, Double> values, Scratch s) {
    boolean failure = false;
    if (spec.failure() != null) {
      String outcome = event.string(spec.failure().field());
      failure = outcome != null && failureValues.contains(outcome);
    }
    for (int i = 0; i < distinctFields.length; i++) {
      distinctValues[i] = event.string(distinctFields[i]);
    }
    keyless(failure, s);
    List<String> names = spec.featureNames();
    for (int i = 0; i < names.size(); i++) {
      Double v = values.get(names.get(i));
      if (v != null && Double.isFinite(v)) {
        s.num[firstSlot + i] = v;
      }
    }
  }

  /**
   * An event without the key field is an entity of its own, seen once: count 1, each distinct field
   * 1 when the event has it (else 0), failure ratio 1 or 0. These are the values the first event of
   * a new entity gets, so a keyless event sits inside the range training saw instead of at a
   * default far from it; it shares no window with other keyless events, which would otherwise pool
   * unrelated traffic under one made-up entity.
   */
  private void keyless(boolean failure, Scratch s) {
    int slot = firstSlot;
    if (spec.count()) {
      s.num[slot++] = 1;
    }
    for (String v : distinctValues) {
      s.num[slot++] = v == null ? 0 : 1;
    }
    if (spec.failure() != null) {
      s.num[slot] = failure ? 1 : 0;
    }
  }
}
