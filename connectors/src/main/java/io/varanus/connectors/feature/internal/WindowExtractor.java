package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.WindowFeatureSpec;
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
    if (key == null) {
      java.util.Arrays.fill(s.num, firstSlot, firstSlot + width, Double.NaN);
      return;
    }
    for (int i = 0; i < distinctFields.length; i++) {
      distinctValues[i] = event.string(distinctFields[i]);
    }
    boolean failure = false;
    if (spec.failure() != null) {
      String outcome = event.string(spec.failure().field());
      failure = outcome != null && failureValues.contains(outcome);
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
}
