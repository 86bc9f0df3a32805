package io.varanus.engine.retrain;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.ReadStats;
import io.varanus.engine.offline.Reservoir;
import io.varanus.models.calibration.Calibration;
import java.io.PrintStream;
import java.time.Clock;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Pass 1 of a retrain: scores every event of the window with the current model, holds back a slice
 * (by a hash of the event's origin) in two samples, one for the comparison and one for the
 * candidate's threshold, and of the other events leaves out the suspected attacks of campaigns
 * unless the allow-list keeps them ({@link CampaignExclusion}). Refuses the window when too few
 * events are left to train on.
 */
final class CurrentModelPass {

  /**
   * What pass 1 found.
   *
   * @param digest the window's input digest
   * @param kept positions (among the events not held back) of the events to train on
   * @param heldBack how many events were held back
   */
  record Outcome(
      ReadStats stats,
      String digest,
      BitSet kept,
      long heldBack,
      CampaignExclusion exclusion,
      CampaignExclusion.Counts excluded,
      Reservoir<Held> compare,
      Reservoir<Held> calibrate) {

    /** How many events to train on. */
    long keptCount() {
      return kept.cardinality();
    }
  }

  private final EngineConfig config;
  private final Clock clock;
  private final WindowScan scan;
  private final PrintStream log;

  CurrentModelPass(EngineConfig config, Clock clock, WindowScan scan, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.scan = scan;
    this.log = log;
  }

  /**
   * Runs the pass.
   *
   * @param campaignKey the entity field campaigns are found by, or null
   * @param suspectAbove the grade from which an event is a suspected attack
   * @param excludeAbove the grade from which a suspected attack is left out (infinite with
   *     --no-exclude)
   */
  Outcome run(
      RetrainJob.Request req, String campaignKey, double suspectAbove, double excludeAbove) {
    ModelBundle current = req.current();
    RetrainConfig rc = config.retrain();
    long seed = config.model().seed();
    double compareFraction = rc.compareFraction();
    Calibration cal = current.model().calibration();
    int cap = rc.maxCompareEvents();
    Reservoir<Held> compare = new Reservoir<>(cap, new SplittableRandom(seed + 2));
    Reservoir<Held> calibrate = new Reservoir<>(cap, new SplittableRandom(seed + 3));
    CampaignExclusion exclusion =
        new CampaignExclusion(
            campaignKey,
            rc.campaignMinEvents(),
            Math.min(0.5, Math.max(1e-6, (100 - suspectAbove) / 100)));
    long[] n = new long[2]; // events, held back
    EventReader reader = req.window().open(config.input(), null, null);
    ReadStats stats =
        scan.scoreAll(
            reader,
            new BundleScorer(current, clock, null, 0),
            "scoring the window with " + current.version(),
            req.window().size(),
            s -> {
              n[0]++;
              double score = s.score().value();
              LogEvent event = s.source().event();
              Origin origin = event.origin();
              if (EventReader.splitHash(origin, seed) < compareFraction) {
                n[1]++;
                exclusion.held(event, cal.grade(score) >= suspectAbove);
                (EventReader.splitHash(origin, seed + 1) < 0.5 ? compare : calibrate)
                    .add(new Held(n[0] - 1, score));
                return;
              }
              exclusion.add(event, cal.grade(score) >= suspectAbove, req.allowList().allows(event));
            });
    BitSet kept = new BitSet();
    CampaignExclusion.Counts excluded =
        exclusion.decide(kept, rc.gate().maxExcludedShare(), req.exclude());
    Outcome out =
        new Outcome(stats, reader.digest(), kept, n[1], exclusion, excluded, compare, calibrate);
    report(req, out, excludeAbove);
    return out;
  }

  /** Logs what was read, held back and excluded; refuses a window with too little left. */
  private void report(RetrainJob.Request req, Outcome o, double excludeAbove) {
    ReadStats stats = o.stats();
    CampaignExclusion.Counts excluded = o.excluded();
    String version = req.current().version();
    log.printf(
        "read %d records of %s: %s; %d held back for the comparison, %d"
            + " excluded as suspected attacks, %d kept by the allow-list, %d kept%n",
        stats.records(),
        req.window().describe(),
        stats.counts(),
        o.heldBack(),
        excluded.excluded(),
        excluded.allowed(),
        o.keptCount());
    o.exclusion().describe(excluded, excludeAbove, version, log);
    if (stats.invalid() > 0) {
      log.print(stats.describeInvalid());
    }
    stats.notes().forEach(note -> log.println("note: " + note));
    if (o.keptCount() < 10) {
      throw new WindowRefusedException(
          "only "
              + o.keptCount()
              + " of "
              + stats.events()
              + " events in "
              + req.window().describe()
              + " are left to train on: "
              + (excluded.excluded() > 0
                  ? excluded.excluded()
                      + " were graded as suspected attacks by "
                      + version
                      + ", so the traffic differs from what it was trained on (another day of"
                      + " the week or time of day than its training data covered, new hosts or"
                      + " services, or a large attack). Review the window; train afresh if the"
                      + " traffic really changed"
                  : "widen the window"
                      + (stats.invalid() > 0 ? " or check the input format" : "")));
    }
  }
}
