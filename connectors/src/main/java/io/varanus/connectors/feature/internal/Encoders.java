package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.CategoricalFeature;
import io.varanus.connectors.feature.CategoricalFeatureSpec;
import io.varanus.connectors.feature.ContinuousFeature;
import io.varanus.connectors.feature.FeatureBlock;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.connectors.feature.InvalidFeaturizerStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the encoder of each column definition from a fitted state. */
public final class Encoders {

  static final String PRESENT = "present";
  static final String MISSING = "missing";

  private Encoders() {}

  /** One encoder per column of {@code plan}, with the state's statistics and vocabularies. */
  public static List<Encoder> build(FeaturePlan plan, FeaturizerState state) {
    Map<String, FeaturizerState.Scaler> scalers = new HashMap<>();
    state.scalers().forEach(s -> scalers.put(s.feature(), s));
    Map<String, List<String>> vocabularies = new HashMap<>();
    state.vocabularies().forEach(v -> vocabularies.put(v.feature(), v.values()));
    double maxAbs = state.spec().maxAbsValue();
    List<Encoder> encoders = new ArrayList<>();
    for (ColumnDef c : plan.columns()) {
      encoders.add(encoder(c, scalers, vocabularies, maxAbs));
    }
    return encoders;
  }

  private static Encoder encoder(
      ColumnDef c,
      Map<String, FeaturizerState.Scaler> scalers,
      Map<String, List<String>> vocabularies,
      double maxAbs) {
    if (c instanceof ColumnDef.Continuous d) {
      return continuous(d, scalers.get(d.name()), maxAbs);
    } else if (c instanceof ColumnDef.Vocabulary v) {
      return vocabulary(v, vocabularies.get(v.name()));
    } else if (c instanceof ColumnDef.Hashed h) {
      return new SimpleEncoders.Hashed(h);
    } else if (c instanceof ColumnDef.Fixed f) {
      return new Lookup(new CategoricalFeature(f.name(), f.categories()), f.slot(), -1, -1);
    }
    return new SimpleEncoders.MissingFlag((ColumnDef.MissingFlag) c);
  }

  private static Encoder continuous(
      ColumnDef.Continuous d, FeaturizerState.Scaler scaler, double maxAbs) {
    if (d.standardize() && scaler == null) {
      throw new InvalidFeaturizerStateException(
          "Featurizer state has no scaler for continuous feature "
              + d.name()
              + "; it does not match its spec");
    }
    return new Continuous(
        d, d.standardize() ? scaler.mean() : 0, d.standardize() ? scaler.std() : 1, maxAbs);
  }

  private static Encoder vocabulary(ColumnDef.Vocabulary v, List<String> values) {
    if (values == null) {
      throw new InvalidFeaturizerStateException(
          "Featurizer state has no vocabulary for categorical feature "
              + v.name()
              + "; it does not match its spec");
    }
    List<String> categories = new ArrayList<>(values);
    categories.add(CategoricalFeatureSpec.OTHER);
    categories.add(CategoricalFeatureSpec.MISSING);
    int n = categories.size();
    return new Lookup(new CategoricalFeature(v.name(), categories), v.slot(), n - 2, n - 1);
  }

  static void oneHot(float[] out, int offset, int width, int hot) {
    Arrays.fill(out, offset, offset + width, 0f);
    out[offset + hot] = 1f;
  }

  /** A standardized (or plain) continuous column, bounded to +-maxAbs and never NaN. */
  private record Continuous(ColumnDef.Continuous def, double mean, double std, double maxAbs)
      implements Encoder {

    @Override
    public FeatureBlock block() {
      return new ContinuousFeature(def.name());
    }

    @Override
    public void encode(Scratch s, float[] out, int offset, Object[] raw, int block) {
      double x = s.num[def.slot()];
      raw[block] = Double.isNaN(x) ? null : x;
      double z = (def.prepare(x) - mean) / std;
      out[offset] = (float) (z != z ? 0 : Math.max(-maxAbs, Math.min(maxAbs, z)));
    }

    @Override
    public double toOriginal(double modelValue) {
      return def.transform().invert(modelValue * std + mean);
    }
  }

  /** A label looked up among categories; unknown labels go to {@code other}, null to missing. */
  private static final class Lookup implements Encoder {
    private final CategoricalFeature block;
    private final int slot;
    private final Map<String, Integer> index = new HashMap<>();
    private final int other;
    private final int missing;

    Lookup(CategoricalFeature block, int slot, int other, int missing) {
      this.block = block;
      this.slot = slot;
      this.other = other < 0 ? block.width() - 1 : other;
      this.missing = missing < 0 ? 0 : missing;
      for (int i = 0; i < block.categories().size(); i++) {
        index.put(block.categories().get(i), i);
      }
    }

    @Override
    public FeatureBlock block() {
      return block;
    }

    @Override
    public void encode(Scratch s, float[] out, int offset, Object[] raw, int b) {
      String v = s.str[slot];
      raw[b] = v;
      oneHot(out, offset, block.width(), v == null ? missing : index.getOrDefault(v, other));
    }
  }
}
