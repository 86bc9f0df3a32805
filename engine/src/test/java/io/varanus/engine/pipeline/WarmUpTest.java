package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.store.ActiveModel;
import io.varanus.engine.store.LiveModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's warm-up: bounded by time, events and shutdown; it runs the whole per-event path on
 * the bundle's replay store and leaves the live model's scores, window state and stats alone.
 */
class WarmUpTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-12T10:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dir;
  private static EngineConfig config;
  private static Path bundleDir;

  @BeforeAll
  static void trainSmallWebModel() throws Exception {
    SmallWebModel m =
        SmallWebModel.train(
            dir, 1000, 2, root -> root.withObject("/pipeline").put("batch-max-size", 100));
    config = m.config();
    bundleDir = m.bundle();
  }

  private static ActiveModel live() {
    return LiveModel.fixed(bundleDir, config.input(), CLOCK, null, 3).current();
  }

  private static WarmUp.Result run(ActiveModel m, Duration budget, long max, AtomicInteger c) {
    return new WarmUp(config, CLOCK, null)
        .run(m, budget, max, () -> c == null || c.incrementAndGet() <= 3);
  }

  @Test
  void zeroBudgetDoesNothing() {
    WarmUp.Result r = run(live(), Duration.ZERO, 1000, null);
    assertThat(r.rows() + r.events()).isZero();
  }

  @Test
  void scoresTheSampleThenReplaysTheRecordsInWholeBlocksAndBatchesUpToTheCap() {
    ModelBundle b = live().scorer().bundle();
    assertThat(b.replay().events()).isNotEmpty();
    WarmUp.Result r = run(live(), Duration.ofMinutes(5), 1000, null);
    assertThat(r.replayed()).isTrue();
    assertThat(r.rows()).isEqualTo(1024);
    assertThat(r.events()).isEqualTo(1000);
    r = run(live(), Duration.ofMinutes(5), 1001, null);
    assertThat(r.rows()).isEqualTo(1024);
    assertThat(r.events()).isEqualTo(1100);
  }

  @Test
  void stopsWhenTheBudgetIsSpentOrTheServiceStops() {
    // the budget is checked before each batch: at most the batch that started inside it
    WarmUp.Result r = run(live(), Duration.ofNanos(1), Long.MAX_VALUE, null);
    assertThat(r.rows()).isLessThanOrEqualTo(64);
    assertThat(r.events()).isLessThanOrEqualTo(100);
    // running is checked before each block: three blocks, then nothing
    r = run(live(), Duration.ofMinutes(5), Long.MAX_VALUE, new AtomicInteger());
    assertThat(r.rows()).isEqualTo(3 * 64);
    assertThat(r.events()).isZero();
  }

  @Test
  void withoutAReplayStoreScoresTheTrainingSample() {
    ModelBundle b = live().scorer().bundle();
    ModelBundle bare =
        new ModelBundle(
            b.manifest(),
            b.input(),
            b.featurizer(),
            b.model(),
            b.trainingSample(),
            ReplayStore.NONE);
    ActiveModel m = new ActiveModel(bare.version(), new BundleScorer(bare, CLOCK, null, 3));
    WarmUp.Result r = run(m, Duration.ofMinutes(5), 1000, null);
    assertThat(r.replayed()).isFalse();
    assertThat(r.rows()).isEqualTo(1024);
    assertThat(r.events()).isZero();
  }

  @Test
  void leavesTheLiveModelsScoresAndWindowStateAlone() throws Exception {
    Path later = dir.resolve("later.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, 300, 0.05, 9), later);
    List<LabeledEvent> events = new ArrayList<>();
    new EventReader(config.input(), List.of(later.toString()), null, null).forEach(events::add);
    ActiveModel cold = live();
    ActiveModel warmed = live();
    run(warmed, Duration.ofMinutes(5), 2000, null);
    List<ScoredEvent> a = cold.scorer().score(events);
    List<ScoredEvent> b = warmed.scorer().score(events);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).score()).isEqualTo(a.get(i).score());
      assertThat(b.get(i).contributions()).isEqualTo(a.get(i).contributions());
    }
  }
}
