package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;

/** Reads what one spec entry needs from an event into scratch slots. */
public interface Extractor {

  /** Fills this extractor's slots for {@code event}, which happened at {@code timeMillis}. */
  void extract(LogEvent event, long timeMillis, Scratch scratch);
}
