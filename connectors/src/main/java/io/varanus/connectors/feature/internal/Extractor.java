package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import java.util.Map;

/** Reads what one spec entry needs from an event into scratch slots. */
public interface Extractor {

  /** Fills this extractor's slots for {@code event}, which happened at {@code timeMillis}. */
  void extract(LogEvent event, long timeMillis, Scratch scratch);

  /**
   * Fills the slots for an event replayed out of its stream: as {@link #extract}, except that
   * window features take {@code windowValues} (by feature name) and leave the windows untouched.
   */
  default void replay(
      LogEvent event, long timeMillis, Map<String, Double> windowValues, Scratch scratch) {
    extract(event, timeMillis, scratch);
  }
}
