package io.varanus.engine.retrain;

import io.varanus.connectors.feature.FeatureVector;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerFitter;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.FeaturizerFitting;
import io.varanus.engine.offline.Reservoir;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The training rows of a retrain (its passes 1b and 2 over the window): the new featurizer is
 * fitted on the window's kept events in stream order and on the events replayed from the current
 * model's replay store; then the kept events are featurized into a uniform sample of at most {@code
 * maxRows} rows, each also offered to the candidate's replay store, and the replayed events' rows
 * are mixed in.
 */
final class KeptRows {

  /**
   * @param featurizer the fitted featurizer
   * @param data the training rows, the window's sample and the replayed rows (shuffled together
   *     when there are replayed rows)
   * @param windowRows how many of them come from the window
   * @param replayedRows how many from the current model's replay store
   * @param nextReplay the candidate's replay store ({@link ReplayStore#NONE} when replay is off)
   */
  record Rows(
      FeaturizerState featurizer,
      float[][] data,
      int windowRows,
      int replayedRows,
      ReplayStore nextReplay) {}

  private final EngineConfig config;
  private final Clock clock;
  private final RetrainListener listener;
  private final PrintStream log;

  KeptRows(EngineConfig config, Clock clock, RetrainListener listener, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.log = log;
  }

  /**
   * Reads {@code window} twice; {@code kept} names the events to train on (by index in the window).
   * Fails when the window does not read as {@code digest} (it changed since the first pass).
   */
  Rows build(RetrainJob.Request req, BitSet kept, ReplayMix replay, String digest) {
    RetrainConfig rc = config.retrain();
    long seed = config.model().seed();
    boolean replayOn = rc.replaySize() > 0;
    String version = req.current().version();

    FeaturizerFitter fitter = new FeaturizerFitter(config.features(), clock);
    long[] at = {0};
    EventReader fitting = req.window().open(config.input(), null, null);
    String fittingPass = "fitting the featurizer on the kept events";
    fitting.forEach(
        e -> {
          long i = at[0]++;
          if (kept.get(Math.toIntExact(i))) {
            fitter.accept(e.event());
          }
          WindowScan.progress(listener, fittingPass, fitting, i, req.window().size());
        });
    listener.passFinished(fittingPass);
    List<ReplayMix.Replayed> replayed =
        replay.choose(Math.min(req.maxRows(), kept.cardinality()), rc.replayShare(), seed + 6);
    replayed.forEach(r -> fitter.acceptReplayed(r.event(), r.windows()));
    logReplay(replay, replayed.size(), version);
    FeaturizerState state =
        FeaturizerFitting.finish(config, fitter, note -> log.println("note: " + note));

    Featurizer featurizer = Featurizer.create(state, clock);
    Reservoir<float[]> rows = new Reservoir<>(req.maxRows(), new SplittableRandom(seed));
    ReplayStore.Sampler nextReplay =
        req.current().replay().next(rc.replaySize(), req.window().describe(), seed + 5);
    long[] index = {0};
    EventReader pass2 = req.window().open(config.input(), null, null);
    if (replayOn) {
      pass2.onHeader(nextReplay::header);
    }
    String featurizing = "featurizing the kept events";
    pass2.forEach(
        e -> {
          long i = index[0]++;
          if (kept.get(Math.toIntExact(i))) {
            FeatureVector v = featurizer.apply(e.event());
            rows.add(v.values());
            if (replayOn) {
              nextReplay.offer(
                  ReplayEvent.of(
                      e.raw(),
                      e.event().timestamp(),
                      featurizer.windowValues(v),
                      nextReplay.generation()));
            }
          }
          WindowScan.progress(listener, featurizing, pass2, i, req.window().size());
        });
    listener.passFinished(featurizing);
    if (!pass2.digest().equals(digest)) {
      throw new IllegalStateException(
          "The window "
              + req.window().describe()
              + " changed between two reads; retrain needs a window that reads the same twice");
    }
    List<float[]> all = new ArrayList<>(rows.items());
    int windowRows = all.size();
    for (ReplayMix.Replayed r : replayed) {
      all.add(featurizer.applyReplayed(r.event(), r.windows()).values());
    }
    if (!replayed.isEmpty()) {
      Collections.shuffle(all, new Random(seed + 7));
    }
    return new Rows(
        state,
        all.toArray(float[][]::new),
        windowRows,
        replayed.size(),
        replayOn ? nextReplay.finish() : ReplayStore.NONE);
  }

  private void logReplay(ReplayMix replay, int used, String version) {
    ReplayStore store = replay.store();
    if (config.retrain().replaySize() == 0) {
      if (!store.isEmpty()) {
        log.printf(
            "replay: off (retrain.replay-size 0); the %d replay events of %s are not used%n",
            store.events().size(), version);
      }
      return;
    }
    if (store.isEmpty()) {
      log.printf(
          "replay: %s carries no replay store (trained before it or with retrain.replay-size 0);"
              + " the candidate's starts with this window%n",
          version);
      return;
    }
    log.printf(
        "replay: mixing in %d of the %d events of %s's replay store (generations 1-%d, %d events"
            + " seen; at most retrain.replay-share %.2f of the training rows)%s%n",
        used,
        store.events().size(),
        version,
        store.lastGeneration(),
        store.seen(),
        config.retrain().replayShare(),
        replay.unparsed() == 0
            ? ""
            : "; "
                + replay.unparsed()
                + " did not parse on their own and are left out (a format whose lines need"
                + " context, or an input format changed since)");
  }
}
