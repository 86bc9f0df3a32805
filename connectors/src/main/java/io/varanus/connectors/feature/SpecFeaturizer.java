package io.varanus.connectors.feature;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.internal.Encoder;
import io.varanus.connectors.feature.internal.Encoders;
import io.varanus.connectors.feature.internal.Extractor;
import io.varanus.connectors.feature.internal.FeaturePlan;
import io.varanus.connectors.feature.internal.Scratch;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@link Featurizer} of a fitted {@link FeaturizerState}. */
final class SpecFeaturizer implements Featurizer {

  private final Clock clock;
  private final FeaturePlan plan;
  private final Extractor[] extractors;
  private final Encoder[] encoders;
  private final int[] offsets;
  private final FeatureSchema schema;
  private final int width;
  private final Scratch scratch;
  private final int[] windowBlocks;

  SpecFeaturizer(FeaturizerState state, Clock clock) {
    this(state, clock, null);
  }

  /** Continues {@code previous}'s windows where the specs define the same ones (may be null). */
  SpecFeaturizer(FeaturizerState state, Clock clock, Featurizer previous) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Map<String, List<LogTemplate>> templates = new LinkedHashMap<>();
    state.templates().forEach(t -> templates.put(t.feature(), t.templates()));
    this.plan = FeaturePlan.forApplying(state.spec(), templates);
    if (previous instanceof SpecFeaturizer p) {
      plan.continueWindows(p.plan);
    }
    this.extractors = plan.extractors().toArray(new Extractor[0]);
    this.encoders = Encoders.build(plan, state).toArray(new Encoder[0]);
    this.schema = new FeatureSchema(java.util.Arrays.stream(encoders).map(Encoder::block).toList());
    this.width = schema.width();
    this.offsets = new int[encoders.length];
    for (int i = 0; i < encoders.length; i++) {
      offsets[i] = schema.offsetOf(i);
    }
    this.scratch = plan.newScratch();
    this.windowBlocks =
        state.spec().windows().stream()
            .flatMap(w -> w.featureNames().stream())
            .mapToInt(schema::indexOf)
            .filter(i -> i >= 0)
            .toArray();
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  @Override
  public FeatureVector apply(LogEvent event) {
    long time = event.timestamp() != null ? event.timestamp().toEpochMilli() : clock.millis();
    for (Extractor x : extractors) {
      x.extract(event, time, scratch);
    }
    return encode(event);
  }

  @Override
  public FeatureVector applyReplayed(LogEvent event, Map<String, Double> windowValues) {
    long time = event.timestamp() != null ? event.timestamp().toEpochMilli() : clock.millis();
    for (Extractor x : extractors) {
      x.replay(event, time, windowValues, scratch);
    }
    return encode(event);
  }

  @Override
  public Map<String, Double> windowValues(FeatureVector vector) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int b : windowBlocks) {
      if (vector.raw(b) instanceof Double d) {
        values.put(schema.blocks().get(b).name(), d);
      }
    }
    return values;
  }

  private FeatureVector encode(LogEvent event) {
    float[] out = new float[width];
    Object[] raw = new Object[encoders.length];
    for (int i = 0; i < encoders.length; i++) {
      encoders[i].encode(scratch, out, offsets[i], raw, i);
    }
    return new FeatureVector(out, raw, event.origin());
  }

  @Override
  public double toOriginalUnits(int blockIndex, double modelValue) {
    Objects.checkIndex(blockIndex, encoders.length);
    return encoders[blockIndex].toOriginal(modelValue);
  }
}
