package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.Origin;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.Alert;
import io.varanus.engine.alert.AlertJson;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.store.ActiveModel;
import io.varanus.engine.store.LiveModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service explains only the events above the threshold: its alerts must be the same, byte for
 * byte, as when every event is explained and then judged by the alert policy.
 */
class BatchProcessorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-12T10:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dir;
  private static EngineConfig config;
  private static Path bundle;

  @BeforeAll
  static void trainSmallWebModel() throws Exception {
    SmallWebModel m = SmallWebModel.train(dir, 1500, 3, root -> {});
    config = m.config();
    bundle = m.bundle();
  }

  @Test
  void alertsAreTheSameAsWhenEveryEventIsExplained() {
    List<RawRecord> batch = records(400);

    ActiveModel model = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current();
    BatchOutput out =
        new BatchProcessor(
                format(),
                new AlertPolicy(config.alerting(), CLOCK),
                new DeadLetters("dlq", CLOCK),
                "alerts",
                500,
                new PipelineStats())
            .process(batch, model);

    List<ProducerRecord<byte[], byte[]>> expected = explainEverythingThenJudge(batch);
    assertThat(expected).as("alerts from the reference path").hasSizeGreaterThan(3);
    assertThat(out.alerts()).isEqualTo(expected.size());
    assertThat(out.records()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(out.records().get(i).topic()).isEqualTo("alerts");
      assertThat(out.records().get(i).key()).isEqualTo(expected.get(i).key());
      assertThat(new String(out.records().get(i).value(), StandardCharsets.UTF_8))
          .isEqualTo(new String(expected.get(i).value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void onlyEventsAboveTheThresholdAreExplainedAndScoredInFull() {
    List<LabeledEvent> events = parse(records(400));
    var all = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current().scorer();
    var some = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current().scorer();

    List<ScoredEvent> full = all.score(events);
    List<ScoredEvent> lean = some.scoreExplainingAnomalies(events);

    assertThat(full.stream().filter(ScoredEvent::anomalous).count()).isGreaterThan(3);
    assertThat(lean).hasSameSizeAs(full);
    int screened = 0;
    for (int i = 0; i < full.size(); i++) {
      ScoredEvent f = full.get(i);
      ScoredEvent l = lean.get(i);
      if (f.anomalous()) {
        assertThat(l.score()).isEqualTo(f.score());
      } else if (!l.score().equals(f.score())) {
        screened++;
      }
      assertThat(l.anomalous()).isEqualTo(f.anomalous());
      assertThat(Arrays.equals(l.features(), f.features())).isTrue();
      assertThat(f.contributions()).isNotEmpty();
      if (f.anomalous()) {
        assertThat(l.contributions()).isEqualTo(f.contributions());
      } else {
        assertThat(l.contributions()).isEmpty();
      }
    }
    assertThat(screened).as("normal events kept their screening score").isGreaterThan(200);
  }

  @Test
  void lanesInParallelGiveWhatOneAfterTheOtherGives() throws Exception {
    List<RawRecord> batch = spread(records(1200), 4);
    ActiveModel model = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current();
    PipelineStats parallelStats = new PipelineStats();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      BatchProcessor parallel =
          new BatchProcessor(
              format(),
              new AlertPolicy(config.alerting(), CLOCK),
              new DeadLetters("dlq", CLOCK),
              "alerts",
              500,
              parallelStats,
              PipelineListener.NONE,
              pool);
      BatchProcessor serial = processor(PipelineListener.NONE, null);
      for (List<RawRecord> part : List.of(batch.subList(0, 600), batch.subList(600, 1200))) {
        BatchOutput p = parallel.process(part, model);
        BatchOutput s = serial.process(part, model);
        assertThat(p.offsets()).isEqualTo(s.offsets()).hasSize(4);
        assertThat(p.alerts()).isEqualTo(s.alerts()).isPositive();
        assertThat(p.records()).hasSameSizeAs(s.records());
        for (int i = 0; i < s.records().size(); i++) {
          assertThat(p.records().get(i).value()).isEqualTo(s.records().get(i).value());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(parallelStats.snapshot().consumed()).isEqualTo(1200);
    assertThat(parallelStats.snapshot().scored()).isEqualTo(1200);
  }

  @Test
  void windowStateIsKeptPerPartition() {
    // the same events, once alone in partition 0 and once with other events in partition 1: each
    // partition's windows see only its own events, so partition 0 scores the same in both
    List<RawRecord> spread = spread(records(600), 2);
    List<RawRecord> evens = new ArrayList<>();
    for (RawRecord r : spread) {
      if (r.origin().partition() == 0) {
        evens.add(r);
      }
    }
    ActiveModel model = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current();
    Scores withOther = new Scores();
    processor(withOther, null).process(spread, model);
    Scores alone = new Scores();
    processor(alone, null).process(evens, model);
    assertThat(withOther.of(0)).isEqualTo(alone.of(0)).hasSize(evens.size());
    assertThat(alone.screened()).as("events told as screened").isBetween(1L, evens.size() - 1L);

    // one stream in one partition: the window features differ from the spread run's
    Scores oneStream = new Scores();
    processor(oneStream, null).process(spread(records(600), 1), model);
    assertThat(oneStream.of(0).subList(0, 300)).isNotEqualTo(withOther.of(0));

    // dropped partitions start again with empty windows
    Scores dropped = new Scores();
    BatchProcessor p = processor(dropped, null);
    p.process(spread, model);
    p.dropPartitions(List.of(new TopicPartition("in", 0)));
    dropped.scores.clear();
    p.process(evens, model);
    assertThat(dropped.of(0)).isEqualTo(alone.of(0));
  }

  /** Scores by partition, in the order the listener heard them. */
  private static final class Scores implements PipelineListener {
    final List<double[]> scores = new ArrayList<>();

    @Override
    public void scored(Origin origin, double score, boolean screened) {
      scores.add(new double[] {origin.partition(), score, screened ? 1 : 0});
    }

    long screened() {
      return scores.stream().filter(s -> s[2] == 1).count();
    }

    List<Double> of(int partition) {
      return scores.stream().filter(s -> s[0] == partition).map(s -> s[1]).toList();
    }
  }

  private static BatchProcessor processor(PipelineListener listener, ExecutorService pool) {
    return new BatchProcessor(
        format(),
        new AlertPolicy(config.alerting(), CLOCK),
        new DeadLetters("dlq", CLOCK),
        "alerts",
        500,
        new PipelineStats(),
        listener,
        pool);
  }

  /** Record i goes to partition i % n, at the next offset of that partition. */
  private static List<RawRecord> spread(List<RawRecord> records, int n) {
    List<RawRecord> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      out.add(
          RawRecord.of(
              new Origin("in", i % n, i / n),
              new String(records.get(i).value(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** What the service did before: explain every event, then let the policy decide. */
  private static List<ProducerRecord<byte[], byte[]>> explainEverythingThenJudge(
      List<RawRecord> batch) {
    ActiveModel model = LiveModel.fixed(bundle, config.input(), CLOCK, null, 3).current();
    AlertPolicy policy = new AlertPolicy(config.alerting(), CLOCK);
    AlertJson json = new AlertJson();
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (ScoredEvent s : model.scorer().score(parse(batch))) {
      Optional<Alert> a = policy.evaluate(s, model.version(), model.threshold());
      a.ifPresent(
          alert ->
              out.add(
                  new ProducerRecord<>(
                      "alerts",
                      alert.entity() == null
                          ? null
                          : alert.entity().getBytes(StandardCharsets.UTF_8),
                      json.toBytes(alert))));
    }
    return out;
  }

  private static List<LabeledEvent> parse(List<RawRecord> batch) {
    LogFormat format = format();
    List<LabeledEvent> events = new ArrayList<>();
    for (RawRecord r : batch) {
      try {
        events.add(new LabeledEvent(format.parse(r), r, null, null));
      } catch (InvalidEventException e) {
        // the generator writes only valid lines; a skipped one is skipped on both paths
      }
    }
    return events;
  }

  private static LogFormat format() {
    return LogFormats.create(config.input().format(), config.input().options(), CLOCK);
  }

  private static List<RawRecord> records(int n) {
    List<GeneratedEvent> events =
        SecurityLogGenerator.generate(
            new GeneratorConfig(LogStream.WEB, n, 0.2, Instant.parse("2024-03-11T00:00:00Z"), 17));
    List<RawRecord> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(RawRecord.of(new Origin("in", 0, i), events.get(i).line()));
    }
    return out;
  }
}
