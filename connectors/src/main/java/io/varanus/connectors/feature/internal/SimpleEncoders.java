package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.CategoricalFeature;
import io.varanus.connectors.feature.CategoricalFeatureSpec;
import io.varanus.connectors.feature.FeatureBlock;
import java.util.ArrayList;
import java.util.List;

/** Encoders that need nothing fitted. */
final class SimpleEncoders {

  private SimpleEncoders() {}

  /** Murmur3 buckets of a label, plus missing. */
  static final class Hashed implements Encoder {
    private final CategoricalFeature block;
    private final ColumnDef.Hashed def;

    Hashed(ColumnDef.Hashed def) {
      this.def = def;
      List<String> categories = new ArrayList<>();
      for (int i = 0; i < def.buckets(); i++) {
        categories.add("bucket-" + i);
      }
      categories.add(CategoricalFeatureSpec.MISSING);
      this.block = new CategoricalFeature(def.name(), categories);
    }

    @Override
    public FeatureBlock block() {
      return block;
    }

    @Override
    public void encode(Scratch s, float[] out, int offset, Object[] raw, int b) {
      String v = s.str[def.slot()];
      raw[b] = v;
      int hot = v == null ? def.buckets() : Murmur3.bucket(v, def.seed(), def.buckets());
      Encoders.oneHot(out, offset, block.width(), hot);
    }
  }

  /** {@code {present, missing}} of a numeric slot. */
  static final class MissingFlag implements Encoder {
    private final CategoricalFeature block;
    private final int slot;

    MissingFlag(ColumnDef.MissingFlag def) {
      this.block = new CategoricalFeature(def.name(), List.of(Encoders.PRESENT, Encoders.MISSING));
      this.slot = def.numSlot();
    }

    @Override
    public FeatureBlock block() {
      return block;
    }

    @Override
    public void encode(Scratch s, float[] out, int offset, Object[] raw, int b) {
      boolean missing = Double.isNaN(s.num[slot]);
      raw[b] = missing ? Encoders.MISSING : Encoders.PRESENT;
      Encoders.oneHot(out, offset, 2, missing ? 1 : 0);
    }
  }
}
