package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.CategoricalFeatureSpec;
import io.varanus.connectors.feature.FeatureSpec;
import io.varanus.connectors.feature.LogTemplate;
import io.varanus.connectors.feature.NumericFeatureSpec;
import io.varanus.connectors.feature.StringStatsFeatureSpec;
import io.varanus.connectors.feature.StringStatsFeatureSpec.Stat;
import io.varanus.connectors.feature.TemplateMiner;
import io.varanus.connectors.feature.TextFeatureSpec;
import io.varanus.connectors.feature.TimeFeatureSpec;
import io.varanus.connectors.feature.Transform;
import io.varanus.connectors.feature.WindowFeatureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec compiled into extractors (event to scratch slots) and column definitions (slots to schema
 * blocks), in the spec's order. Each plan owns its own miners and windows.
 */
public final class FeaturePlan {

  private final List<Extractor> extractors = new ArrayList<>();
  private final List<ColumnDef> columns = new ArrayList<>();
  private final Map<String, TemplateMiner> miners = new LinkedHashMap<>();
  private int numSlots;
  private int strSlots;

  private FeaturePlan() {}

  /** A plan whose text extractors learn templates. */
  public static FeaturePlan forFitting(FeatureSpec spec) {
    return compile(spec, null);
  }

  /** A plan whose text extractors match the given templates, keyed by text feature name. */
  public static FeaturePlan forApplying(
      FeatureSpec spec, Map<String, List<LogTemplate>> templates) {
    return compile(spec, templates);
  }

  private static FeaturePlan compile(FeatureSpec spec, Map<String, List<LogTemplate>> templates) {
    FeaturePlan p = new FeaturePlan();
    spec.numeric().forEach(p::numeric);
    spec.categorical().forEach(p::categorical);
    for (TextFeatureSpec t : spec.text()) {
      p.text(t, templates);
    }
    if (spec.time() != null) {
      p.time(spec.time());
    }
    spec.stringStats().forEach(p::stringStats);
    spec.windows().forEach(p::window);
    return p;
  }

  public List<Extractor> extractors() {
    return extractors;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  /** Template miners by text feature name. */
  public Map<String, TemplateMiner> miners() {
    return miners;
  }

  /**
   * Takes over the per-entity window state of {@code previous} (a plan about to be dropped) for
   * every window both plans define identically.
   */
  public void continueWindows(FeaturePlan previous) {
    for (Extractor x : extractors) {
      if (x instanceof WindowExtractor w) {
        for (Extractor old : previous.extractors) {
          if (old instanceof WindowExtractor o && w.continueFrom(o)) {
            break;
          }
        }
      }
    }
  }

  /** The window state of each window entry, in spec order. */
  public List<EntityWindows> windows() {
    List<EntityWindows> out = new ArrayList<>();
    for (Extractor x : extractors) {
      if (x instanceof WindowExtractor w) {
        out.add(w.windows());
      }
    }
    return out;
  }

  /** Fresh scratch slots for this plan. */
  public Scratch newScratch() {
    return new Scratch(numSlots, strSlots);
  }

  private void numeric(NumericFeatureSpec f) {
    int slot = numSlots++;
    extractors.add(FieldExtractors.numeric(f.field(), slot));
    columns.add(
        new ColumnDef.Continuous(
            f.name(), slot, f.clip(), f.transform(), f.defaultValue(), f.standardize()));
    if (f.missingIndicator()) {
      columns.add(new ColumnDef.MissingFlag(f.featureNames().get(1), slot));
    }
  }

  private void categorical(CategoricalFeatureSpec f) {
    int slot = strSlots++;
    extractors.add(FieldExtractors.categorical(f.field(), f.mapping(), slot));
    columns.add(
        f.hashed()
            ? new ColumnDef.Hashed(f.name(), slot, f.hashBuckets(), f.hashSeed())
            : new ColumnDef.Vocabulary(f.name(), slot, f.topK(), f.minCount(), null));
  }

  private void text(TextFeatureSpec f, Map<String, List<LogTemplate>> templates) {
    List<String> names = f.featureNames();
    TemplateMiner miner =
        templates == null
            ? TemplateMiner.of(f)
            : TemplateMiner.restore(f, templates.getOrDefault(f.name(), List.of()));
    miners.put(f.name(), miner);
    int template = strSlots++;
    int flag = strSlots++;
    int tokens = numSlots++;
    int novelty = f.novelty() ? numSlots++ : -1;
    TemplateNovelty index =
        f.novelty() && templates != null ? new TemplateNovelty(miner.templates()) : null;
    extractors.add(
        new TextExtractor(
            f.field(), miner, templates == null, template, flag, tokens, index, novelty));
    columns.add(new ColumnDef.Vocabulary(names.get(0), template, f.topK(), f.minCount(), f.name()));
    columns.add(
        new ColumnDef.Fixed(names.get(1), flag, List.of(TextExtractor.SEEN, TextExtractor.UNSEEN)));
    columns.add(derived(names.get(2), tokens, Transform.LOG1P, true));
    if (f.novelty()) {
      columns.add(derived(names.get(3), novelty, Transform.IDENTITY, true));
    }
  }

  private void time(TimeFeatureSpec f) {
    int first = numSlots;
    for (String name : f.featureNames()) {
      columns.add(derived(name, numSlots++, Transform.IDENTITY, false));
    }
    extractors.add(FieldExtractors.time(f, first));
  }

  private void stringStats(StringStatsFeatureSpec f) {
    int first = numSlots;
    List<String> names = f.featureNames();
    for (int i = 0; i < names.size(); i++) {
      Transform t = f.stats().get(i) == Stat.LENGTH ? Transform.LOG1P : Transform.IDENTITY;
      columns.add(derived(names.get(i), numSlots++, t, true));
    }
    extractors.add(new StringStats(f.field(), f.stats(), first));
  }

  private void window(WindowFeatureSpec f) {
    int first = numSlots;
    List<String> names = f.featureNames();
    for (int i = 0; i < names.size(); i++) {
      boolean ratio = f.failure() != null && i == names.size() - 1;
      columns.add(
          derived(names.get(i), numSlots++, ratio ? Transform.IDENTITY : Transform.LOG1P, true));
    }
    WindowExtractor w = new WindowExtractor(f, first);
    extractors.add(w);
  }

  private static ColumnDef derived(String name, int slot, Transform t, boolean standardize) {
    return new ColumnDef.Continuous(name, slot, null, t, 0.0, standardize);
  }
}
