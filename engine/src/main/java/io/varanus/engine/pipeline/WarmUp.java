package io.varanus.engine.pipeline;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.EngineConfig.AlertingConfig;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.store.ActiveModel;
import io.varanus.models.vae.VaeScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the service's per-event code for a bounded time before it joins its group, so that the JIT
 * has compiled it before the first record arrives. Cold, the vector scoring kernel runs at a few
 * thousand rows/s, 25x below its compiled rate, and the rest of the path is slow too: a fresh
 * service fell seconds behind a stream of 10,000 events/s in its first 20 seconds
 * (docs/BENCHMARKS.md, "A fresh service's first seconds").
 *
 * <p>First, blocks of the model's training sample are scored (screened against the threshold, and
 * one in {@link #FULL_EVERY} in full). Then the bundle's replay store (raw normal records of its
 * training window) goes through the whole path in batches, on throwaway {@link BatchProcessor}s
 * with fresh parsers, featurizers and alert policies: most batches against the model's threshold
 * (the screened path most events take), one in {@link #ANOMALOUS_EVERY} against minus infinity, so
 * that every event of it is scored in full, explained and turned into an alert's JSON, as anomalies
 * are. Nothing is sent, counted or remembered: the live model's window state, the metrics and the
 * topics are not touched.
 */
final class WarmUp {

  /** Rows, and then records, after which each part of the warm-up stops even with time left. */
  static final int MAX_EVENTS = 200_000;

  /** Rows per scoring call when only the training sample is available. */
  static final int BLOCK_ROWS = 64;

  /** One block of the sample in this many is scored against minus infinity. */
  static final int FULL_EVERY = 4;

  /** One replayed batch in this many is scored against minus infinity. */
  static final int ANOMALOUS_EVERY = 8;

  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

  private static final String SOURCE = "varanus-warm-up";

  /**
   * What a warm-up did.
   *
   * @param rows rows of the training sample scored
   * @param events replayed records processed
   * @param nanos the time it took
   * @param replayed true when the bundle has a replay store
   */
  record Result(long rows, long events, long nanos, boolean replayed) {}

  private final EngineConfig config;
  private final Clock clock;
  private final Executor lanes;

  /**
   * @param config the service's config: input format, alerting and batch size
   * @param lanes the executor the service's lanes run on, or null
   */
  WarmUp(EngineConfig config, Clock clock, Executor lanes) {
    this.config = config;
    this.clock = clock;
    this.lanes = lanes;
  }

  /**
   * Runs for {@code pipeline.warm-up} and logs what it did; a failure is logged and ignored (the
   * service then starts cold).
   */
  void beforeJoining(ActiveModel model, BooleanSupplier running) {
    try {
      Result r = run(model, config.pipeline().warmUp(), MAX_EVENTS, running);
      if (r.rows() + r.events() > 0) {
        LOG.info(
            "Warmed up in {} ms: {} rows of the model's training sample scored, {} records of its"
                + " replay store processed{}",
            r.nanos() / 1_000_000,
            r.rows(),
            r.events(),
            r.replayed() ? "" : " (the bundle has no replay store)");
      }
    } catch (RuntimeException e) {
      LOG.warn("The warm-up failed; starting without it: {}", e.toString());
    }
  }

  /**
   * Scores blocks of the training sample for the first half of {@code budget} (the vector kernel,
   * the slowest code cold, gets compiled first), then replays records for the rest; each part stops
   * early after {@code maxEvents} rows or records, and both when {@code running} turns false
   * (checked before each block and batch). Without a replay store the sample takes the whole
   * budget. A zero budget does nothing.
   */
  Result run(ActiveModel model, Duration budget, long maxEvents, BooleanSupplier running) {
    long start = System.nanoTime();
    if (budget.isZero()) {
      return new Result(0, 0, 0, false);
    }
    long deadline = start + budget.toNanos();
    ModelBundle bundle = model.scorer().bundle();
    double threshold = model.scorer().threshold();
    List<RawRecord> replay = records(bundle);
    long kernelUntil = replay.isEmpty() ? deadline : start + budget.toNanos() / 2;
    long rows =
        sample(
            bundle,
            threshold,
            maxEvents,
            () -> running.getAsBoolean() && System.nanoTime() < kernelUntil);
    long events =
        replay.isEmpty()
            ? 0
            : replay(
                bundle,
                threshold,
                replay,
                maxEvents,
                () -> running.getAsBoolean() && System.nanoTime() < deadline);
    return new Result(rows, events, System.nanoTime() - start, !replay.isEmpty());
  }

  private long replay(
      ModelBundle bundle,
      double threshold,
      List<RawRecord> records,
      long maxEvents,
      BooleanSupplier go) {
    BatchProcessor screened = processor(config.alerting());
    BatchProcessor anomalous = processor(everyAnomaly(config.alerting()));
    ActiveModel atThreshold =
        new ActiveModel(bundle.version(), new BundleScorer(bundle, clock, threshold, 3));
    ActiveModel belowAll =
        new ActiveModel(
            bundle.version(), new BundleScorer(bundle, clock, Double.NEGATIVE_INFINITY, 3));
    int batchSize = config.pipeline().batchMaxSize();
    long done = 0;
    long offset = 0;
    int next = 0;
    for (int batch = 0; done < maxEvents && go.getAsBoolean(); batch++) {
      List<RawRecord> part = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        RawRecord r = records.get(next);
        part.add(
            new RawRecord(
                new Origin(SOURCE, Math.max(0, r.origin().partition()), offset++),
                null,
                r.value(),
                null,
                clock.instant()));
        next = (next + 1) % records.size();
      }
      boolean full = batch % ANOMALOUS_EVERY == ANOMALOUS_EVERY - 1;
      (full ? anomalous : screened).process(part, full ? belowAll : atThreshold);
      done += part.size();
    }
    return done;
  }

  private BatchProcessor processor(AlertingConfig alerting) {
    return new BatchProcessor(
        LogFormats.create(config.input().format(), config.input().options(), clock),
        new AlertPolicy(alerting, clock),
        new DeadLetters(SOURCE, clock, 1 << 20),
        SOURCE,
        config.pipeline().batchMaxSize(),
        new PipelineStats(),
        PipelineListener.NONE,
        lanes);
  }

  /** The same alerting without suppression or a rate cap, so that every anomaly is an alert. */
  private static AlertingConfig everyAnomaly(AlertingConfig a) {
    return new AlertingConfig(
        a.targetFpr(), null, a.entityField(), a.severities(), Duration.ZERO, 0);
  }

  /**
   * The replay store's records as the source delivered them (headers first), on the partitions they
   * came from; empty when the bundle has none.
   */
  private static List<RawRecord> records(ModelBundle bundle) {
    List<RawRecord> out = new ArrayList<>();
    for (List<ReplayEvent> list : List.of(bundle.replay().headers(), bundle.replay().events())) {
      for (ReplayEvent e : list) {
        out.add(e.record());
      }
    }
    return out;
  }

  /** Scores blocks of the training sample: the kernel's paths, screened and in full. */
  private static long sample(
      ModelBundle bundle, double threshold, long maxEvents, BooleanSupplier go) {
    float[][] sample = bundle.trainingSample();
    if (sample.length == 0) {
      return 0;
    }
    VaeScorer scorer = bundle.model().scorer();
    long rows = 0;
    int next = 0;
    for (int block = 0; rows < maxEvents && go.getAsBoolean(); block++) {
      float[][] part = new float[Math.min(BLOCK_ROWS, sample.length)][];
      for (int i = 0; i < part.length; i++) {
        part[i] = sample[next];
        next = (next + 1) % sample.length;
      }
      boolean full = block % FULL_EVERY == FULL_EVERY - 1;
      scorer.score(part, full ? Double.NEGATIVE_INFINITY : threshold);
      rows += part.length;
    }
    return rows;
  }
}
