package io.varanus.engine.pipeline;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.Alert;
import io.varanus.engine.alert.AlertJson;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.store.ActiveModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns a micro-batch of raw records into the records to publish. The batch is split by input
 * partition into lanes; each lane parses its records (malformed ones become dead letters, blank
 * lines and headers are skipped), then featurizes and scores its events in stream order, in chunks
 * of at most {@code chunkSize}, with the partition's own window state ({@link PartitionLanes}).
 * Lanes run in parallel on the given executor. The alert policy then judges the scored events one
 * lane after the other, on the calling thread, which also tells the listener and counts. No I/O:
 * the caller sends the output and commits its offsets.
 *
 * <p>Not thread-safe: one batch at a time.
 */
public final class BatchProcessor {

  private final LogFormat format;
  private final AlertPolicy policy;
  private final AlertJson json = new AlertJson();
  private final DeadLetters deadLetters;
  private final String alertsTopic;
  private final int chunkSize;
  private final PipelineStats stats;
  private final PipelineListener listener;
  private final Executor lanesExecutor;
  private final PartitionLanes lanes = new PartitionLanes();

  /** A processor that runs the lanes one after the other on the calling thread. */
  public BatchProcessor(
      LogFormat format,
      AlertPolicy policy,
      DeadLetters deadLetters,
      String alertsTopic,
      int chunkSize,
      PipelineStats stats) {
    this(format, policy, deadLetters, alertsTopic, chunkSize, stats, PipelineListener.NONE, null);
  }

  /**
   * @param lanesExecutor runs the lanes of a batch in parallel; null runs them on the calling
   *     thread
   */
  public BatchProcessor(
      LogFormat format,
      AlertPolicy policy,
      DeadLetters deadLetters,
      String alertsTopic,
      int chunkSize,
      PipelineStats stats,
      PipelineListener listener,
      Executor lanesExecutor) {
    this.listener = listener;
    this.format = format;
    this.policy = policy;
    this.deadLetters = deadLetters;
    this.alertsTopic = alertsTopic;
    this.chunkSize = chunkSize;
    this.stats = stats;
    this.lanesExecutor = lanesExecutor;
  }

  public BatchOutput process(List<RawRecord> batch, ActiveModel model) {
    Map<TopicPartition, List<RawRecord>> byPartition = new LinkedHashMap<>();
    for (RawRecord r : batch) {
      byPartition.computeIfAbsent(partition(r.origin()), k -> new ArrayList<>()).add(r);
    }
    List<Lane> results = runLanes(byPartition, model);
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    int alerts = 0;
    int dead = 0;
    for (Lane lane : results) {
      int next = 0;
      for (int i = 0; i < lane.records.size(); i++) {
        RawRecord r = lane.records.get(i);
        stats.consumed.increment();
        listener.consumed(r.origin());
        InvalidEventException ex = lane.errors[i];
        if (ex == null) {
          alerts += judge(lane.scored.get(next++), model, out);
        } else if (ex.reason().isMalformed()) {
          out.add(deadLetters.of(r, ex.reason().name(), ex));
          stats.deadLettered.increment();
          listener.deadLettered(r.origin(), ex.reason().name());
          dead++;
        } else {
          stats.skipped.increment();
        }
      }
      stats.scored.add(lane.scored.size());
      RawRecord last = lane.records.get(lane.records.size() - 1);
      offsets.put(lane.partition, new OffsetAndMetadata(last.origin().offset() + 1));
    }
    return new BatchOutput(out, offsets, alerts, dead);
  }

  /** Forgets the window state of partitions this member no longer owns. */
  public void dropPartitions(Collection<TopicPartition> partitions) {
    lanes.drop(partitions);
  }

  private List<Lane> runLanes(Map<TopicPartition, List<RawRecord>> byPartition, ActiveModel model) {
    List<Lane> out = new ArrayList<>(byPartition.size());
    if (lanesExecutor == null || byPartition.size() < 2) {
      byPartition.forEach((tp, records) -> out.add(lane(tp, records, model)));
      return out;
    }
    List<CompletableFuture<Lane>> futures = new ArrayList<>(byPartition.size());
    byPartition.forEach(
        (tp, records) ->
            futures.add(
                CompletableFuture.supplyAsync(() -> lane(tp, records, model), lanesExecutor)));
    for (CompletableFuture<Lane> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
    return out;
  }

  /** Parses, featurizes and scores one partition's records of the batch, in their order. */
  private Lane lane(TopicPartition tp, List<RawRecord> records, ActiveModel model) {
    BundleScorer scorer = lanes.scorer(tp, model);
    InvalidEventException[] errors = new InvalidEventException[records.size()];
    List<ScoredEvent> scored = new ArrayList<>(records.size());
    List<LabeledEvent> events = new ArrayList<>(Math.min(records.size(), chunkSize));
    for (int i = 0; i < records.size(); i++) {
      RawRecord r = records.get(i);
      try {
        events.add(new LabeledEvent(format.parse(r), r, null, null));
      } catch (InvalidEventException ex) {
        errors[i] = ex;
        continue;
      }
      if (events.size() == chunkSize) {
        scored.addAll(scorer.scoreExplainingAnomalies(events));
        events.clear();
      }
    }
    if (!events.isEmpty()) {
      scored.addAll(scorer.scoreExplainingAnomalies(events));
    }
    return new Lane(tp, records, errors, scored);
  }

  private int judge(ScoredEvent s, ActiveModel model, List<ProducerRecord<byte[], byte[]>> out) {
    listener.scored(
        s.source().raw().origin(),
        s.score().value(),
        s.score().samples() < model.bundle().model().config().scoreSamples());
    Optional<Alert> a = policy.evaluate(s, model.version(), model.threshold());
    if (a.isEmpty()) {
      return 0;
    }
    byte[] key =
        a.get().entity() == null ? null : a.get().entity().getBytes(StandardCharsets.UTF_8);
    out.add(new ProducerRecord<>(alertsTopic, key, json.toBytes(a.get())));
    listener.alerted(a.get());
    return 1;
  }

  /** The Kafka partition a record's origin names. */
  static TopicPartition partition(Origin o) {
    return new TopicPartition(o.source(), o.partition());
  }

  /** One partition's records of a batch: the parse error of each (null if parsed), the scores. */
  private record Lane(
      TopicPartition partition,
      List<RawRecord> records,
      InvalidEventException[] errors,
      List<ScoredEvent> scored) {}
}
