package io.varanus.connectors.feature;

import io.varanus.connectors.LogEvent;
import java.time.Clock;

/**
 * Turns events into vectors of a fixed {@link FeatureSchema}. Stateful when the spec has window
 * features: call {@link #apply} in stream order, from one thread (one featurizer per partition or
 * worker). Events without a timestamp are placed at the injected clock's time.
 */
public interface Featurizer {

  /** The layout of every vector this featurizer returns. */
  FeatureSchema schema();

  /** The event's features; every value is finite and the width is {@code schema().width()}. */
  FeatureVector apply(LogEvent event);

  /**
   * The value in the feature's original units (e.g. bytes) of a model-space value of continuous
   * block {@code blockIndex}, e.g. the decoder's reconstruction: undoes standardization and the
   * transform. Throws for categorical blocks.
   */
  double toOriginalUnits(int blockIndex, double modelValue);

  /** A featurizer for a fitted state; its windows start empty. */
  static Featurizer create(FeaturizerState state, Clock clock) {
    return new SpecFeaturizer(state, clock);
  }

  /**
   * A featurizer for a fitted state that replaces {@code previous} in the same stream (a model
   * swap): every window feature defined exactly as in {@code previous} continues its per-entity
   * state, so counts over the last minute do not restart at zero; other windows start empty. Do not
   * use {@code previous} afterwards.
   */
  static Featurizer continuing(FeaturizerState state, Clock clock, Featurizer previous) {
    return new SpecFeaturizer(state, clock, previous);
  }

  /** Fits {@code spec} on {@code events} (normal traffic, in stream order). */
  static FeaturizerState fit(FeatureSpec spec, Iterable<LogEvent> events, Clock clock) {
    FeaturizerFitter fitter = new FeaturizerFitter(spec, clock);
    events.forEach(fitter::accept);
    return fitter.finish();
  }
}
