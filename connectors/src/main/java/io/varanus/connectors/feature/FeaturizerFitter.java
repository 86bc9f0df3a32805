package io.varanus.connectors.feature;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.internal.ColumnDef;
import io.varanus.connectors.feature.internal.Extractor;
import io.varanus.connectors.feature.internal.FeaturePlan;
import io.varanus.connectors.feature.internal.RunningStats;
import io.varanus.connectors.feature.internal.Scratch;
import io.varanus.connectors.feature.internal.TopKCounter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fits a {@link FeatureSpec} on a stream of normal events, one at a time and in one pass, in memory
 * that does not grow with the stream: streaming mean and variance per continuous block, bounded
 * frequency counts per vocabulary, the template miners, and the window features replayed in stream
 * order exactly as {@link Featurizer#apply} computes them.
 */
public final class FeaturizerFitter {

  private final FeatureSpec spec;
  private final Clock clock;
  private final FeaturePlan plan;
  private final Extractor[] extractors;
  private final Scratch scratch;
  private final Map<ColumnDef.Continuous, RunningStats> stats = new LinkedHashMap<>();
  private final Map<ColumnDef.Vocabulary, TopKCounter> counters = new LinkedHashMap<>();
  private final TimeCoverage coverage;
  private final String[] sourceFields;
  private final long[] present;
  private long events;
  private boolean finished;

  public FeaturizerFitter(FeatureSpec spec, Clock clock) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.plan = FeaturePlan.forFitting(spec);
    this.extractors = plan.extractors().toArray(new Extractor[0]);
    this.scratch = plan.newScratch();
    this.coverage = spec.time() == null ? null : new TimeCoverage(spec.time());
    this.sourceFields = spec.sourceFields().keySet().toArray(new String[0]);
    this.present = new long[sourceFields.length];
    for (ColumnDef c : plan.columns()) {
      if (c instanceof ColumnDef.Continuous d && d.standardize()) {
        stats.put(d, new RunningStats());
      } else if (c instanceof ColumnDef.Vocabulary v && v.textFeature() == null) {
        counters.put(v, new TopKCounter(Math.max(100_000, 100 * v.topK())));
      }
    }
  }

  /** Observes one training event. */
  public void accept(LogEvent event) {
    long time = start(event);
    for (Extractor x : extractors) {
      x.extract(event, time, scratch);
    }
    if (coverage != null) {
      coverage.observe(time);
    }
    observe(event);
  }

  /**
   * Observes one training event replayed out of its stream ({@link Featurizer#applyReplayed}): its
   * window features are {@code windowValues}, and it counts towards scaling and vocabularies but
   * not towards the time the training window covers (that is the window's own).
   */
  public void acceptReplayed(LogEvent event, Map<String, Double> windowValues) {
    long time = start(event);
    for (Extractor x : extractors) {
      x.replay(event, time, windowValues, scratch);
    }
    observe(event);
  }

  private long start(LogEvent event) {
    if (finished) {
      throw new IllegalStateException("This fitter has finished; create a new one to fit again");
    }
    return event.timestamp() != null ? event.timestamp().toEpochMilli() : clock.millis();
  }

  private void observe(LogEvent event) {
    Map<String, Object> fields = event.fields();
    for (int i = 0; i < sourceFields.length; i++) {
      if (fields.get(sourceFields[i]) != null) {
        present[i]++;
      }
    }
    for (Map.Entry<ColumnDef.Continuous, RunningStats> e : stats.entrySet()) {
      double x = scratch.num[e.getKey().slot()];
      if (!Double.isNaN(x)) {
        e.getValue().add(e.getKey().prepare(x));
      }
    }
    for (Map.Entry<ColumnDef.Vocabulary, TopKCounter> e : counters.entrySet()) {
      String v = scratch.str[e.getKey().slot()];
      if (v != null) {
        e.getValue().add(v);
      }
    }
    events++;
  }

  /** Events observed so far. */
  public long count() {
    return events;
  }

  /** For each field of {@link FeatureSpec#sourceFields()}, the events observed that carry it. */
  public Map<String, Long> fieldCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < sourceFields.length; i++) {
      counts.put(sourceFields[i], present[i]);
    }
    return counts;
  }

  /**
   * The fitted state for a model: as {@link #finish()}, without the time features whose cycle the
   * training events do not cover ({@link TimeCoverage}); a sentence per feature left out goes to
   * {@code notes}, and so does one per field that few training events carry ({@link
   * FieldCoverage}).
   *
   * @throws InvalidFeatureSpecException when a feature reads a field no training event carries
   */
  public FeaturizerState finishWithCoveredTime(Consumer<String> notes) {
    FieldCoverage.check(spec, fieldCounts(), events, notes);
    FeaturizerState state = finish();
    if (coverage == null) {
      return state;
    }
    FeatureSpec covered = spec.withTime(coverage.covered(spec.time(), notes));
    return new FeaturizerState(
        state.version(), covered, state.scalers(), state.vocabularies(), state.templates());
  }

  /** The fitted state, with every feature of the spec; the fitter cannot be used afterwards. */
  public FeaturizerState finish() {
    finished = true;
    List<FeaturizerState.Scaler> scalers = new ArrayList<>();
    stats.forEach(
        (d, s) ->
            scalers.add(
                new FeaturizerState.Scaler(
                    d.name(), s.mean(d.prepare(Double.NaN)), s.std(spec.minStd()))));
    List<FeaturizerState.Vocabulary> vocabularies = new ArrayList<>();
    List<FeaturizerState.TemplateSet> templates = new ArrayList<>();
    plan.miners()
        .forEach((name, m) -> templates.add(new FeaturizerState.TemplateSet(name, m.templates())));
    for (ColumnDef c : plan.columns()) {
      if (c instanceof ColumnDef.Vocabulary v) {
        List<String> values =
            v.textFeature() == null
                ? counters.get(v).top(v.topK(), v.minCount())
                : topTemplates(plan.miners().get(v.textFeature()).templates(), v);
        values.removeIf(
            x ->
                x.equals(CategoricalFeatureSpec.OTHER) || x.equals(CategoricalFeatureSpec.MISSING));
        vocabularies.add(new FeaturizerState.Vocabulary(v.name(), values));
      }
    }
    return new FeaturizerState(
        FeaturizerState.FORMAT_VERSION, spec, scalers, vocabularies, templates);
  }

  private static List<String> topTemplates(List<LogTemplate> mined, ColumnDef.Vocabulary v) {
    Map<String, long[]> byText = new LinkedHashMap<>();
    for (LogTemplate t : mined) {
      byText.computeIfAbsent(t.text(), k -> new long[1])[0] += t.count();
    }
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(byText.entrySet());
    entries.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    List<String> top = new ArrayList<>();
    for (Map.Entry<String, long[]> e : entries) {
      if (top.size() == v.topK() || e.getValue()[0] < v.minCount()) {
        break;
      }
      top.add(e.getKey());
    }
    return top;
  }
}
