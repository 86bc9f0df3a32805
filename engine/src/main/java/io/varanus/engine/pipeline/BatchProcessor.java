package io.varanus.engine.pipeline;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.alert.Alert;
import io.varanus.engine.alert.AlertJson;
import io.varanus.engine.alert.AlertPolicy;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.store.ActiveModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns a micro-batch of raw records into the records to publish: parses each record (malformed
 * ones become dead letters, blank lines and headers are skipped), featurizes and scores the events
 * in stream order in chunks of at most {@code chunkSize}, and lets the alert policy decide. No I/O:
 * the caller sends the output and commits its offsets.
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

  public BatchProcessor(
      LogFormat format,
      AlertPolicy policy,
      DeadLetters deadLetters,
      String alertsTopic,
      int chunkSize,
      PipelineStats stats) {
    this(format, policy, deadLetters, alertsTopic, chunkSize, stats, PipelineListener.NONE);
  }

  public BatchProcessor(
      LogFormat format,
      AlertPolicy policy,
      DeadLetters deadLetters,
      String alertsTopic,
      int chunkSize,
      PipelineStats stats,
      PipelineListener listener) {
    this.listener = listener;
    this.format = format;
    this.policy = policy;
    this.deadLetters = deadLetters;
    this.alertsTopic = alertsTopic;
    this.chunkSize = chunkSize;
    this.stats = stats;
  }

  public BatchOutput process(List<RawRecord> batch, ActiveModel model) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<LabeledEvent> events = new ArrayList<>(Math.min(batch.size(), chunkSize));
    int alerts = 0;
    int dead = 0;
    for (RawRecord r : batch) {
      stats.consumed.increment();
      listener.consumed(r.origin());
      offsets.merge(
          new TopicPartition(r.origin().source(), r.origin().partition()),
          new OffsetAndMetadata(r.origin().offset() + 1),
          (a, b) -> a.offset() >= b.offset() ? a : b);
      LogEvent e;
      try {
        e = format.parse(r);
      } catch (InvalidEventException ex) {
        if (ex.reason().isMalformed()) {
          out.add(deadLetters.of(r, ex.reason().name(), ex));
          stats.deadLettered.increment();
          listener.deadLettered(r.origin(), ex.reason().name());
          dead++;
        } else {
          stats.skipped.increment();
        }
        continue;
      }
      events.add(new LabeledEvent(e, r, null, null));
      if (events.size() == chunkSize) {
        alerts += score(events, model, out);
        events.clear();
      }
    }
    if (!events.isEmpty()) {
      alerts += score(events, model, out);
    }
    return new BatchOutput(out, offsets, alerts, dead);
  }

  private int score(
      List<LabeledEvent> events, ActiveModel model, List<ProducerRecord<byte[], byte[]>> out) {
    int alerts = 0;
    for (ScoredEvent s : model.scorer().scoreExplainingAnomalies(events)) {
      listener.scored(s.source().raw().origin(), s.score().value());
      Optional<Alert> a = policy.evaluate(s, model.version(), model.threshold());
      if (a.isPresent()) {
        byte[] key =
            a.get().entity() == null ? null : a.get().entity().getBytes(StandardCharsets.UTF_8);
        out.add(new ProducerRecord<>(alertsTopic, key, json.toBytes(a.get())));
        listener.alerted(a.get());
        alerts++;
      }
    }
    stats.scored.add(events.size());
    return alerts;
  }
}
