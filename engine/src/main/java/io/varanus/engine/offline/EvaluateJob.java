package io.varanus.engine.offline;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.eval.DetectionMetrics;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.eval.IsolationForest;
import io.varanus.engine.eval.MethodResult;
import io.varanus.engine.eval.RandomCutForestBaseline;
import io.varanus.models.calibration.Calibration;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Scores labelled events with a bundle and measures detection quality; optionally trains the
 * baselines (Isolation Forest, Random Cut Forest) on the bundle's sample of featurized normal
 * training rows and measures them on the same featurized events, in the same run.
 */
public final class EvaluateJob {

  /** What to evaluate on. */
  public record Request(
      List<String> inputs,
      String labelField,
      String normalValue,
      String classField,
      boolean holdoutOnly,
      List<String> baselines) {}

  public static final List<String> KNOWN_BASELINES = List.of("isolation-forest", "rcf");

  private final Clock clock;
  private final PrintStream log;

  public EvaluateJob(Clock clock, PrintStream log) {
    this.clock = clock;
    this.log = log;
  }

  public EvaluationReport run(ModelBundle bundle, Request req) {
    for (String b : req.baselines()) {
      if (!KNOWN_BASELINES.contains(b)) {
        throw new ConfigException(
            "Unknown baseline '" + b + "'; known baselines are " + KNOWN_BASELINES);
      }
    }
    Provenance p = bundle.manifest().provenance();
    if (req.holdoutOnly() && p.holdoutFraction() <= 0) {
      throw new ConfigException(
          "--holdout-only: model " + bundle.version() + " was trained without --holdout");
    }
    BundleScorer scorer = new BundleScorer(bundle, clock, null, 3);
    List<ScoredEvent> scored = new ArrayList<>();
    List<LabeledEvent> batch = new ArrayList<>();
    long[] unlabelled = {0};
    EventReader reader =
        new EventReader(bundle.input(), req.inputs(), req.labelField(), req.classField());
    ReadStats stats =
        reader.forEach(
            e -> {
              if (req.holdoutOnly()
                  && EventReader.splitHash(e.event().origin(), p.holdoutSeed())
                      >= p.holdoutFraction()) {
                return;
              }
              if (e.label() == null) {
                unlabelled[0]++;
                return;
              }
              batch.add(e);
              if (batch.size() == 1024) {
                scored.addAll(scorer.score(batch));
                batch.clear();
              }
            });
    scored.addAll(scorer.score(batch));
    if (scored.isEmpty()) {
      throw new ConfigException(
          "No labelled events to evaluate in "
              + req.inputs()
              + ": label field '"
              + req.labelField()
              + "' was found in none of "
              + stats.events()
              + " events");
    }
    int n = scored.size();
    boolean[] anomalous = new boolean[n];
    String[] classes = new String[n];
    for (int i = 0; i < n; i++) {
      LabeledEvent e = scored.get(i).source();
      anomalous[i] = !req.normalValue().equals(e.label());
      classes[i] =
          e.attackClass() != null && !e.attackClass().isEmpty() ? e.attackClass() : e.label();
    }
    double[] vae = scored.stream().mapToDouble(s -> s.score().value()).toArray();
    Map<String, DetectionMetrics> curves = new LinkedHashMap<>();
    curves.put("vae", new DetectionMetrics(vae, anomalous));
    MethodResult vaeResult =
        MethodResult.of("vae", curves.get("vae"), vae, anomalous, classes, scorer.threshold());
    List<MethodResult> baselineResults = new ArrayList<>();
    float[][] train = bundle.trainingSample();
    double fpr = bundle.model().calibration().targetFpr();
    for (String b : req.baselines()) {
      long seed = bundle.model().config().seed();
      ToDoubleFunction<float[]> model =
          b.equals("rcf")
              ? RandomCutForestBaseline.fit(train, seed)::score
              : IsolationForest.fit(train, seed)::score;
      double[] s = scored.stream().mapToDouble(e -> model.applyAsDouble(e.features())).toArray();
      // the baseline's threshold: the same (1 - target FPR) quantile of its training-row scores
      // that calibrates the VAE on its validation rows
      double threshold =
          Calibration.fit(Arrays.stream(train).mapToDouble(model).toArray(), fpr).threshold();
      DetectionMetrics metrics = new DetectionMetrics(s, anomalous);
      curves.put(b, metrics);
      baselineResults.add(MethodResult.of(b, metrics, s, anomalous, classes, threshold));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("model_version", bundle.version());
    context.put("inputs", req.inputs());
    context.put("events_scored", n);
    context.put("anomalous_events", curves.get("vae").positives());
    context.put("normal_events", curves.get("vae").negatives());
    context.put("invalid_records", stats.invalid());
    context.put("unlabelled_events", unlabelled[0]);
    context.put("holdout_only", req.holdoutOnly());
    context.put("target_fpr", fpr);
    log.printf(
        "scored %d events (%d anomalous, %d normal); %d invalid records, %d without a label%n",
        n,
        curves.get("vae").positives(),
        curves.get("vae").negatives(),
        stats.invalid(),
        unlabelled[0]);
    return new EvaluationReport(
        vaeResult,
        baselineResults,
        curves,
        vae,
        anomalous,
        context,
        bundle.model().config().seed());
  }
}
