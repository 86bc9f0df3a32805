package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.FeatureBlock;

/** Writes one schema block from scratch slots: its columns and its raw value. */
public interface Encoder {

  FeatureBlock block();

  /** Writes columns {@code [offset, offset + width)} of {@code out} and {@code raw[block]}. */
  void encode(Scratch s, float[] out, int offset, Object[] raw, int block);

  /** The original-units value of a model-space value of this block (continuous blocks only). */
  default double toOriginal(double modelValue) {
    throw new IllegalArgumentException(
        "Block " + block().name() + " is categorical; only continuous blocks have original units");
  }
}
