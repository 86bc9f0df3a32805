package io.varanus.engine.offline;

import io.varanus.connectors.feature.CategoricalFeature;
import io.varanus.connectors.feature.FeatureBlock;
import io.varanus.connectors.feature.FeatureVector;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.models.vae.Score;
import io.varanus.models.vae.VaeScorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Featurizes events in stream order and scores them in batches with a bundle's model; explains each
 * score by its top contributions. One instance per stream (the featurizer's windows are stateful);
 * the underlying VAE scorer is shared and thread-safe.
 */
public final class BundleScorer {

  private final ModelBundle bundle;
  private final Featurizer featurizer;
  private final VaeScorer scorer;
  private final double threshold;
  private final int topK;
  private final Clock clock;

  public BundleScorer(ModelBundle bundle, Clock clock, Double thresholdOverride, int topK) {
    this(bundle, clock, thresholdOverride, topK, null);
  }

  /**
   * A scorer that takes over from {@code previous} in the same stream (a model swap): window
   * features defined as before keep their per-entity state. Do not use {@code previous} after.
   */
  public BundleScorer(
      ModelBundle bundle, Clock clock, Double thresholdOverride, int topK, BundleScorer previous) {
    this.bundle = bundle;
    this.featurizer =
        previous == null
            ? Featurizer.create(bundle.featurizer(), clock)
            : Featurizer.continuing(bundle.featurizer(), clock, previous.featurizer);
    this.scorer = bundle.model().scorer();
    this.threshold =
        thresholdOverride != null ? thresholdOverride : bundle.model().calibration().threshold();
    this.topK = topK;
    this.clock = clock;
  }

  /**
   * A scorer of the same bundle, threshold and explanation size for another stream, which continues
   * the window state of {@code previous} (that stream's scorer under the model before, or null for
   * a new stream). Do not use {@code previous} after.
   */
  public BundleScorer forStream(BundleScorer previous) {
    return new BundleScorer(bundle, clock, threshold, topK, previous);
  }

  public double threshold() {
    return threshold;
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** Scores a batch; the events must come in stream order across calls. */
  public List<ScoredEvent> score(List<LabeledEvent> batch) {
    return score(batch, true);
  }

  /**
   * Scores a batch like {@link #score(List)}, but explains only the events above the threshold; the
   * others carry no contributions. For the service, where only those can become alerts: most events
   * are normal, and their explanations were computed only to be dropped. Events clearly below the
   * threshold keep the model's screening score (a quarter of the samples, {@link
   * VaeScorer#score(float[][], double)}); every event near or above it is scored in full, so the
   * events above the threshold and their scores are those of {@link #score(List)}.
   */
  public List<ScoredEvent> scoreExplainingAnomalies(List<LabeledEvent> batch) {
    return score(batch, false);
  }

  private List<ScoredEvent> score(List<LabeledEvent> batch, boolean explainAll) {
    FeatureVector[] vectors = new FeatureVector[batch.size()];
    float[][] rows = new float[batch.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = featurizer.apply(batch.get(i).event());
      rows[i] = vectors[i].values();
    }
    Score[] scores = explainAll ? scorer.score(rows) : scorer.score(rows, threshold);
    List<ScoredEvent> out = new ArrayList<>(batch.size());
    for (int i = 0; i < vectors.length; i++) {
      Score s = scores[i];
      boolean anomalous = s.value() > threshold;
      List<Contribution> why = explainAll || anomalous ? explain(vectors[i], s) : List.of();
      out.add(new ScoredEvent(batch.get(i), rows[i], s, anomalous, why));
    }
    return out;
  }

  /** Featurizes only, for baselines that need the same rows. */
  public float[] featurize(LabeledEvent e) {
    return featurizer.apply(e.event()).values();
  }

  private List<Contribution> explain(FeatureVector v, Score s) {
    int[] rank = s.ranking();
    List<Contribution> out = new ArrayList<>();
    List<FeatureBlock> blocks = featurizer.schema().blocks();
    float[] expected = s.blockExpected();
    for (int k = 0; k < Math.min(topK, rank.length); k++) {
      int i = rank[k];
      FeatureBlock b = blocks.get(i);
      Object exp;
      if (b instanceof CategoricalFeature c) {
        exp = c.categories().get((int) expected[i]);
      } else {
        exp = round(featurizer.toOriginalUnits(i, expected[i]));
      }
      out.add(new Contribution(b.name(), round(s.share(i)), v.raw(i), exp));
    }
    return out;
  }

  /** Four significant digits, for printed numbers. */
  public static double round(double v) {
    if (!Double.isFinite(v) || v == 0) {
      return v;
    }
    double scale = Math.pow(10, 4 - Math.ceil(Math.log10(Math.abs(v))));
    return Math.round(v * scale) / scale;
  }
}
