package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.NumericFeatureSpec.Clip;
import io.varanus.connectors.feature.Transform;
import java.util.List;

/** One schema block as compiled from the spec, before fitting: where it reads and how. */
public sealed interface ColumnDef {

  String name();

  /** A continuous column read from a numeric slot. */
  record Continuous(
      String name,
      int slot,
      Clip clip,
      Transform transform,
      double defaultValue,
      boolean standardize)
      implements ColumnDef {

    /** Clip, then transform; NaN (missing) becomes the default first. */
    public double prepare(double x) {
      double v = Double.isNaN(x) ? defaultValue : x;
      if (clip != null) {
        v = Math.max(clip.min(), Math.min(clip.max(), v));
      }
      return transform.apply(v);
    }
  }

  /**
   * A fitted vocabulary over a label slot, plus other and missing. {@code textFeature} names the
   * text feature whose mined templates form the vocabulary, or is null for field values.
   */
  record Vocabulary(String name, int slot, int topK, int minCount, String textFeature)
      implements ColumnDef {}

  /** Labels hashed into buckets, plus missing. */
  record Hashed(String name, int slot, int buckets, int seed) implements ColumnDef {}

  /** A label slot holding one of fixed categories. */
  record Fixed(String name, int slot, List<String> categories) implements ColumnDef {}

  /** {@code {present, missing}} of a numeric slot. */
  record MissingFlag(String name, int numSlot) implements ColumnDef {}
}
