package io.varanus.connectors.feature;

import io.varanus.connectors.LogEvent;
import java.time.Clock;
import java.util.Map;

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
   * The features of an event replayed out of its stream (a retrain's replay of past normal events):
   * as {@link #apply}, but the window features take {@code windowValues} (by feature name, in
   * original units, as {@link #windowValues} read them when the event was featurized in its own
   * stream) and this featurizer's windows are left untouched. A window feature missing from the map
   * gets the values of an entity seen once.
   */
  FeatureVector applyReplayed(LogEvent event, Map<String, Double> windowValues);

  /**
   * The window features of a vector this featurizer returned, in original units (a count, not its
   * logarithm), by feature name; empty when the spec has no windows.
   */
  Map<String, Double> windowValues(FeatureVector vector);

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
