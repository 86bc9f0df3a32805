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

  /** Fits {@code spec} on {@code events} (normal traffic, in stream order). */
  static FeaturizerState fit(FeatureSpec spec, Iterable<LogEvent> events, Clock clock) {
    FeaturizerFitter fitter = new FeaturizerFitter(spec, clock);
    events.forEach(fitter::accept);
    return fitter.finish();
  }
}
