package io.varanus.engine.retrain;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EvaluateJob;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ModelFitter;
import io.varanus.engine.offline.ReadStats;
import io.varanus.engine.offline.Reservoir;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.offline.TrafficWindow;
import io.varanus.models.calibration.Calibration;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * Retrains on a window of unlabelled traffic. Four passes over the window, each in stream order
 * (window features need it):
 *
 * <ol>
 *   <li>score every event with the current model; hold back a slice (by a hash of the event's
 *       origin) for the comparison; of the rest, leave out the suspected attacks of campaigns
 *       unless the allow-list keeps them ({@link CampaignExclusion});
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

  private static final int BATCH = 1024;
  private static final int REPORT_EVERY = 8192;

  private final EngineConfig config;
  private final Clock clock;
  private final RetrainListener listener;
  private final PrintStream log;

  public RetrainJob(EngineConfig config, Clock clock, RetrainListener listener, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.log = log;
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
    long seed = config.model().seed();
    double compareFraction = config.retrain().compareFraction();
    RetrainConfig rc = config.retrain();
    ReplayMix replay =
        ReplayMix.parse(current.replay(), config.input(), clock, rc.replaySize() > 0);
    Calibration cal = current.model().calibration();
    // the grade of a suspected attack; --no-exclude keeps them, but campaigns are still found
    // (the candidate's threshold needs them)
    double suspectAbove = 100 * (1 - cal.targetFpr()) - config.retrain().excludeMargin();
    double excludeAbove = req.exclude() ? suspectAbove : Double.POSITIVE_INFINITY;

    // pass 1: score with the current model, hold back a slice, find the suspected campaigns
    int cap = config.retrain().maxCompareEvents();
    Reservoir<Held> compare = new Reservoir<>(cap, new SplittableRandom(seed + 2));
    Reservoir<Held> calibrate = new Reservoir<>(cap, new SplittableRandom(seed + 3));
    String campaignKey = campaignKey();
    CampaignExclusion exclusion =
        new CampaignExclusion(
            campaignKey,
            rc.campaignMinEvents(),
            Math.min(0.5, Math.max(1e-6, (100 - suspectAbove) / 100)));
    long[] n = new long[2]; // events, held back
    BundleScorer currentScorer = new BundleScorer(current, clock, null, 0);
    EventReader pass1 = req.window().open(config.input(), null, null);
    ReadStats stats =
        scoreAll(
            pass1,
            currentScorer,
            "scoring the window with " + current.version(),
            req.window().size(),
            s -> {
              n[0]++;
              double score = s.score().value();
              Origin origin = s.source().event().origin();
              if (EventReader.splitHash(origin, seed) < compareFraction) {
                n[1]++;
                exclusion.held(s.source().event(), cal.grade(score) >= suspectAbove);
                (EventReader.splitHash(origin, seed + 1) < 0.5 ? compare : calibrate)
                    .add(new Held(n[0] - 1, score));
                return;
              }
              LogEvent event = s.source().event();
              exclusion.add(event, cal.grade(score) >= suspectAbove, req.allowList().allows(event));
            });
    BitSet kept = new BitSet();
    CampaignExclusion.Counts excluded =
        exclusion.decide(kept, rc.gate().maxExcludedShare(), req.exclude());
    long keptCount = kept.cardinality();
    log.printf(
        "read %d records of %s: %s; %d held back for the comparison, %d"
            + " excluded as suspected attacks, %d kept by the allow-list, %d kept%n",
        stats.records(),
        req.window().describe(),
        stats.counts(),
        n[1],
        excluded.excluded(),
        excluded.allowed(),
        keptCount);
    exclusion.describe(excluded, excludeAbove, current.version(), log);
    if (stats.invalid() > 0) {
      log.print(stats.describeInvalid());
    }
    stats.notes().forEach(note -> log.println("note: " + note));
    if (keptCount < 10) {
      throw new WindowRefusedException(
          "only "
              + keptCount
              + " of "
              + stats.events()
              + " events in "
              + req.window().describe()
              + " are left to train on: "
              + (excluded.excluded() > 0
                  ? excluded.excluded()
                      + " were graded as suspected attacks by "
                      + current.version()
                      + ", so the traffic differs from what it was trained on (another day of"
                      + " the week or time of day than its training data covered, new hosts or"
                      + " services, or a large attack). Review the window; train afresh if the"
                      + " traffic really changed"
                  : "widen the window"
                      + (stats.invalid() > 0 ? " or check the input format" : "")));
    }

    // passes 1b and 2: the new featurizer and the training rows
    KeptRows.Rows rows =
        new KeptRows(config, clock, listener, log)
            .build(req, kept, keptCount, replay, pass1.digest());
    WindowCounts counts =
        new WindowCounts(
            stats.records(),
            stats.invalid(),
            stats.events(),
            n[1],
            compare.items().size(),
            excluded.suspected(),
            excluded.excluded(),
            excluded.allowed(),
            excluded.isolatedKept(),
            keptCount,
            rows.windowRows(),
            rows.replayedRows(),
            excludeAbove);
    Provenance.Retraining retraining =
        new Provenance.Retraining(
            req.window().describe(),
            current.version(),
            n[1],
            excluded.excluded(),
            excluded.allowed(),
            keptCount,
            rows.replayedRows(),
            excludeAbove,
            req.allowList().source());
    ModelBundle candidate =
        fitter()
            .fit(
                rows.featurizer(),
                rows.data(),
                pass1.digest(),
                report ->
                    new Provenance(
                        req.window().inputs(),
                        pass1.digest(),
                        stats.records(),
                        stats.invalid(),
                        keptCount,
                        report.trainRows(),
                        report.validationRows(),
                        null,
                        null,
                        compareFraction,
                        seed,
                        retraining),
                current.version(),
                rows.nextReplay(),
                req.out());

    // pass 3: the candidate on the same window; keep its scores of the held-back events
    long[] compared = Held.indexes(compare);
    long[] calibrating = Held.indexes(calibrate);
    long[] wanted =
        LongStream.concat(Arrays.stream(compared), Arrays.stream(calibrating)).sorted().toArray();
    double[] candidateScores = new double[wanted.length];
    long[] at = {0};
    int[] next = {0};
    BundleScorer candidateScorer = new BundleScorer(candidate, clock, null, 0);
    scoreAll(
        req.window().open(config.input(), null, null),
        candidateScorer,
        "scoring the window with the candidate",
        req.window().size(),
        s -> {
          long i = at[0]++;
          if (next[0] < wanted.length && wanted[next[0]] == i) {
            candidateScores[next[0]++] = s.score().value();
          }
        });
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
            exclusion.sources(wanted));
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

  /** Reads a window in order and scores it in batches, handing each scored event to the sink. */
  private ReadStats scoreAll(
      EventReader reader,
      BundleScorer scorer,
      String pass,
      long total,
      Consumer<ScoredEvent> sink) {
    List<LabeledEvent> batch = new ArrayList<>(BATCH);
    long[] seen = {0};
    ReadStats stats =
        reader.forEach(
            e -> {
              batch.add(e);
              if (batch.size() == BATCH) {
                scorer.score(batch).forEach(sink);
                batch.clear();
              }
              progress(listener, pass, reader, seen[0]++, total);
            });
    scorer.score(batch).forEach(sink);
    listener.passFinished(pass);
    return stats;
  }

  /** Tells the listener how far a pass has read, every {@value #REPORT_EVERY} events. */
  static void progress(
      RetrainListener listener, String pass, EventReader reader, long i, long total) {
    if (i % REPORT_EVERY == 0) {
      listener.read(pass, reader.stats().records(), total);
    }
  }
}
