package io.varanus.engine.retrain;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EvaluateJob;
import io.varanus.engine.offline.ModelFitter;
import io.varanus.engine.offline.ReadStats;
import io.varanus.engine.offline.Reservoir;
import io.varanus.engine.offline.TrafficWindow;
import io.varanus.models.calibration.Calibration;
import io.varanus.models.vae.TrainingReport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * Retrains on a window of unlabelled traffic. Four passes over the window, each in stream order
 * (window features need it):
 *
 * <ol>
 *   <li>score every event with the current model; hold back a slice (by a hash of the event's
 *       origin) for the comparison; of the rest, leave out the suspected attacks of campaigns
 *       unless the allow-list keeps them ({@link CurrentModelPass}, {@link CampaignExclusion});
 *   <li>fit the new featurizer on the kept events;
 *   <li>featurize the kept events with the new featurizer into a bounded reservoir sample of rows,
 *       train the candidate, write its bundle;
 *   <li>score the window with the candidate, set its threshold from the held-back events ({@link
 *       CandidateThreshold}) and compare both models on them (and on labelled validation files when
 *       given); the {@link PromotionGate} judges.
 * </ol>
 *
 * Memory is bounded by the reservoir, the comparison sample, one int per event and one entry per
 * source.
 */
public final class RetrainJob {

  /**
   * What to retrain on.
   *
   * @param exclude false trains on every event outside the held-back slice, suspected attacks
   *     included (to measure what exclusion buys; not for production)
   * @param maxRows at most this many training rows (a uniform sample of the kept events)
   * @param validation labelled files to compare the models on, or null
   * @param out the candidate bundle's directory
   */
  public record Request(
      TrafficWindow window,
      ModelBundle current,
      AllowList allowList,
      boolean exclude,
      int maxRows,
      Validation validation,
      Path out) {}

  /**
   * Labelled files for the comparison: events whose label field differs from normal are attacks.
   */
  public record Validation(
      List<String> inputs, String labelField, String normalValue, String classField) {}

  /** The candidate, what was read and excluded, the comparison and the gate's verdict. */
  public record Result(
      ModelBundle candidate,
      WindowCounts counts,
      Comparison comparison,
      PromotionGate.Verdict verdict) {}

  private final EngineConfig config;
  private final Clock clock;
  private final RetrainListener listener;
  private final PrintStream log;
  private final WindowScan scan;

  public RetrainJob(EngineConfig config, Clock clock, RetrainListener listener, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.log = log;
    this.scan = new WindowScan(listener);
  }

  public Result run(Request req) {
    ModelBundle current = req.current();
    if (!current.input().equals(config.input())) {
      throw new ConfigException(
          config.file()
              + ": input "
              + config.input()
              + " differs from the current model's "
              + current.input()
              + "; retrain with the config the current model was trained with");
    }
    ReplayMix replay =
        ReplayMix.parse(current.replay(), config.input(), clock, config.retrain().replaySize() > 0);
    Calibration cal = current.model().calibration();
    // the grade of a suspected attack; --no-exclude keeps them, but campaigns are still found
    // (the candidate's threshold needs them)
    double suspectAbove = 100 * (1 - cal.targetFpr()) - config.retrain().excludeMargin();
    double excludeAbove = req.exclude() ? suspectAbove : Double.POSITIVE_INFINITY;
    String campaignKey = campaignKey();
    CurrentModelPass.Outcome pass1 =
        new CurrentModelPass(config, clock, scan, log)
            .run(req, campaignKey, suspectAbove, excludeAbove);
    ReadStats stats = pass1.stats();
    CampaignExclusion.Counts excluded = pass1.excluded();
    long keptCount = pass1.keptCount();
    Reservoir<Held> compare = pass1.compare();
    Reservoir<Held> calibrate = pass1.calibrate();

    // passes 1b and 2: the new featurizer and the training rows
    KeptRows.Rows rows =
        new KeptRows(config, clock, listener, log).build(req, pass1.kept(), replay, pass1.digest());
    WindowCounts counts =
        new WindowCounts(
            stats.records(),
            stats.invalid(),
            stats.events(),
            pass1.heldBack(),
            compare.items().size(),
            excluded.suspected(),
            excluded.excluded(),
            excluded.allowed(),
            excluded.isolatedKept(),
            keptCount,
            rows.windowRows(),
            rows.replayedRows(),
            excludeAbove);
    ModelBundle candidate =
        fitter()
            .fit(
                rows.featurizer(),
                rows.data(),
                pass1.digest(),
                provenance(req, pass1, rows, excludeAbove),
                current.version(),
                rows.nextReplay(),
                req.out());

    // pass 3: the candidate on the same window; keep its scores of the held-back events
    long[] compared = Held.indexes(compare);
    long[] calibrating = Held.indexes(calibrate);
    long[] wanted =
        LongStream.concat(Arrays.stream(compared), Arrays.stream(calibrating)).sorted().toArray();
    double[] candidateScores = candidateScores(req, candidate, wanted);
    // the threshold from both held-back halves: at a target of 0.5% a half of 1,500 events has
    // about 7 above the quantile, and its binomial noise moved the false-positive rate on
    // validation traffic by +-40%; the gate's comparison reuses one half, which only matters for
    // its alert-volume check, a factor-of-two sanity bound
    CandidateThreshold threshold =
        CandidateThreshold.of(
            Held.scoresOf(compare, calibrate),
            candidateScores,
            cal.threshold(),
            cal.targetFpr(),
            pass1.exclusion().sources(wanted));
    candidate = recalibrate(candidate, threshold, campaignKey, req.out());
    Validation v = req.validation();
    Comparison comparison =
        Comparison.of(
            current,
            candidate,
            Held.scores(compare),
            pick(wanted, candidateScores, compared),
            v == null ? null : validate(current, v),
            v == null ? null : validate(candidate, v));
    PromotionGate.Verdict verdict =
        new PromotionGate(config.retrain().gate()).judge(counts, comparison);
    return new Result(candidate, counts, comparison, verdict);
  }

  /** The candidate's provenance: the window, what pass 1 kept and left out, and the training. */
  private Function<TrainingReport, Provenance> provenance(
      Request req, CurrentModelPass.Outcome pass1, KeptRows.Rows rows, double excludeAbove) {
    Provenance.Retraining retraining =
        new Provenance.Retraining(
            req.window().describe(),
            req.current().version(),
            pass1.heldBack(),
            pass1.excluded().excluded(),
            pass1.excluded().allowed(),
            pass1.keptCount(),
            rows.replayedRows(),
            excludeAbove,
            req.allowList().source());
    return report ->
        new Provenance(
            req.window().inputs(),
            pass1.digest(),
            pass1.stats().records(),
            pass1.stats().invalid(),
            pass1.keptCount(),
            report.trainRows(),
            report.validationRows(),
            null,
            null,
            config.retrain().compareFraction(),
            config.model().seed(),
            retraining);
  }

  /**
   * Pass 3: scores the window with the candidate and keeps its scores of the events at positions
   * {@code wanted} (ascending).
   */
  private double[] candidateScores(Request req, ModelBundle candidate, long[] wanted) {
    double[] scores = new double[wanted.length];
    long[] at = {0};
    int[] next = {0};
    scan.scoreAll(
        req.window().open(config.input(), null, null),
        new BundleScorer(candidate, clock, null, 0),
        "scoring the window with the candidate",
        req.window().size(),
        s -> {
          long i = at[0]++;
          if (next[0] < wanted.length && wanted[next[0]] == i) {
            scores[next[0]++] = s.score().value();
          }
        });
    return scores;
  }

  /**
   * The entity field campaigns are found by: {@code retrain.campaign-key}, else the key of the
   * first window feature; null (grading alone) when neither is set or campaign-min-events is 0.
   */
  private String campaignKey() {
    RetrainConfig rc = config.retrain();
    if (rc.campaignMinEvents() == 0) {
      return null;
    }
    if (rc.campaignKey() != null) {
      return rc.campaignKey();
    }
    return config.features().windows().stream().map(w -> w.key()).findFirst().orElse(null);
  }

  /** Sets the candidate's threshold from held-back events it never trained on. */
  private ModelBundle recalibrate(
      ModelBundle candidate, CandidateThreshold t, String key, Path out) {
    if (t.normalScores().length < 2) {
      log.printf(
          "warning: only %d held-back events to calibrate on; the candidate keeps the threshold"
              + " from its validation rows%n",
          t.normalScores().length);
      return candidate;
    }
    return fitter()
        .recalibrate(
            candidate,
            t.normalScores(),
            String.format(
                "held-back events: the %d the current model did not alert on and, of its %d"
                    + " alerts, the %d on ordinary sources and the %d lowest-graded without %s,"
                    + " its false alerts as far as they can be told (raise"
                    + " retrain.compare-fraction or widen the window for more)",
                t.normalScores().length - t.restored(),
                t.currentAlerts(),
                t.restoredOrdinary(),
                t.restoredUnkeyed(),
                key == null ? "a campaign key" : key),
            out);
  }

  private ModelFitter fitter() {
    return new ModelFitter(config, clock, listener, log);
  }

  /** The values at the positions of {@code all} that {@code subset} names (both ascending). */
  private static double[] pick(long[] all, double[] values, long[] subset) {
    double[] out = new double[subset.length];
    int j = 0;
    for (int i = 0; i < all.length && j < subset.length; i++) {
      if (all[i] == subset[j]) {
        out[j++] = values[i];
      }
    }
    return out;
  }

  private EvaluationReport validate(ModelBundle bundle, Validation v) {
    PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    return new EvaluateJob(clock, quiet)
        .run(
            bundle,
            new EvaluateJob.Request(
                v.inputs(), v.labelField(), v.normalValue(), v.classField(), false, List.of()));
  }
}
