package io.varanus.engine.offline;

import io.varanus.connectors.feature.FeatureVector;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerFitter;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.models.vae.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a bundle from files: fits the featurizer on the normal events (all events without a label
 * field), featurizes them in a second pass into at most {@code max-training-rows} rows (reservoir
 * sample), trains and calibrates the VAE, and writes the bundle with the first generation of its
 * replay store (a reservoir sample of the normal training events, at most {@code
 * retrain.replay-size}, for later retrains).
 */
public final class TrainJob {

  /** What to train on. {@code holdout} is the share of events kept out for evaluate. */
  public record Request(
      TrafficWindow window, String labelField, String normalValue, double holdout, Path out) {

    /** Training on files. */
    public Request(
        List<String> inputs, String labelField, String normalValue, double holdout, Path out) {
      this(TrafficWindow.files(inputs), labelField, normalValue, holdout, out);
    }
  }

  private final EngineConfig config;
  private final Clock clock;
  private final TrainingListener listener;
  private final PrintStream log;

  public TrainJob(EngineConfig config, Clock clock, TrainingListener listener, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.log = log;
  }

  public ModelBundle run(Request req) {
    long seed = config.model().seed();
    EventFilter filter = new EventFilter(req.labelField(), req.normalValue(), req.holdout(), seed);
    FeaturizerFitter fitter = new FeaturizerFitter(config.features(), clock);
    EventReader pass1 = reader(req);
    ReadStats stats = pass1.forEach(e -> filter.acceptIfTraining(e, fitter::accept));
    filter.check(stats, req.window().describe());
    List<String> notes = new ArrayList<>(stats.notes());
    FeaturizerState state = FeaturizerFitting.finish(config, fitter, notes::add);
    log.printf(
        "read %d records: %s; %d normal training events%n",
        stats.records(), stats.counts(), filter.kept());
    if (stats.invalid() > 0) {
      log.print(stats.describeInvalid());
    }
    notes.forEach(note -> log.println("note: " + note));

    Featurizer featurizer = Featurizer.create(state, clock);
    Reservoir<Row> rows = new Reservoir<>(config.maxTrainingRows(), new SplittableRandom(seed));
    EventFilter again = new EventFilter(req.labelField(), req.normalValue(), req.holdout(), seed);
    int replaySize = config.retrain().replaySize();
    ReplayStore.Sampler replay =
        ReplayStore.NONE.next(replaySize, req.window().describe(), seed + 5);
    long[] index = {0};
    reader(req)
        .onHeader(replaySize > 0 ? replay::header : null)
        .forEach(
            e ->
                again.acceptIfTraining(
                    e,
                    ev -> {
                      FeatureVector v = featurizer.apply(ev);
                      rows.add(new Row(index[0]++, v.values()));
                      if (replaySize > 0) {
                        replay.offer(
                            ReplayEvent.of(
                                e.raw(),
                                ev.timestamp(),
                                featurizer.windowValues(v),
                                replay.generation()));
                      }
                    }));
    // in input order, so that the latest rows are last (ModelFitter calibrates on them)
    float[][] data =
        rows.items().stream()
            .sorted(Comparator.comparingLong(Row::index))
            .map(Row::values)
            .toArray(float[][]::new);
    return new ModelFitter(config, clock, listener, log)
        .fit(
            state,
            data,
            pass1.digest(),
            report ->
                new Provenance(
                    req.window().inputs(),
                    pass1.digest(),
                    stats.records(),
                    stats.invalid(),
                    filter.kept(),
                    report.trainRows(),
                    report.validationRows(),
                    req.labelField(),
                    req.normalValue(),
                    req.holdout(),
                    seed,
                    null),
            null,
            replaySize > 0 ? replay.finish() : ReplayStore.NONE,
            req.out());
  }

  /** A training row and its place in the input. */
  private record Row(long index, float[] values) {}

  private EventReader reader(Request req) {
    return req.window().open(config.input(), req.labelField(), null);
  }

  /** Keeps the events a model trains on: normal (when labelled) and not held out. */
  static final class EventFilter {
    private final String labelField;
    private final String normalValue;
    private final double holdout;
    private final long seed;
    private long kept;
    private long labelled;

    EventFilter(String labelField, String normalValue, double holdout, long seed) {
      this.labelField = labelField;
      this.normalValue = normalValue;
      this.holdout = holdout;
      this.seed = seed;
    }

    void acceptIfTraining(
        LabeledEvent e, java.util.function.Consumer<io.varanus.connectors.LogEvent> sink) {
      if (holdout > 0 && EventReader.splitHash(e.event().origin(), seed) < holdout) {
        return;
      }
      if (labelField != null) {
        if (e.label() == null) {
          return;
        }
        labelled++;
        if (!normalValue.equals(e.label())) {
          return;
        }
      }
      kept++;
      sink.accept(e.event());
    }

    long kept() {
      return kept;
    }

    void check(ReadStats stats, String inputs) {
      if (labelField != null && labelled == 0 && stats.events() > 0) {
        throw new ConfigException(
            "Label field '"
                + labelField
                + "' was not found in any of the "
                + stats.events()
                + " events of "
                + inputs
                + " (and no <file>.labels.csv sidecar was found); check --label-field");
      }
      if (kept < 10) {
        throw new ConfigException(
            "Only "
                + kept
                + " normal training events in "
                + inputs
                + (labelField == null ? "" : " with " + labelField + " = '" + normalValue + "'")
                + "; need at least 10. Check --normal-value and the input format ("
                + stats.invalid()
                + " of "
                + stats.records()
                + " records were invalid)");
      }
    }
  }
}
