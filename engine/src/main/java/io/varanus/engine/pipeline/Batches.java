package io.varanus.engine.pipeline;

import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.store.ActiveModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline's two batches: the one being processed on the batch thread and the one being
 * collected from polls ("pending") while it is. A pending batch is ready when it holds {@code
 * batchMaxSize} records or {@code linger} has passed since its first record. Used by the polling
 * thread only.
 */
final class Batches {

  private final BatchProcessor processor;
  private final ExecutorService batchThread;
  private final PipelineListener listener;
  private final PipelineStats stats;
  private final Clock clock;
  private final int batchMaxSize;
  private final long lingerMillis;
  private final List<RawRecord> pending = new ArrayList<>();
  private long pendingDeadline;
  private Future<BatchOutput> inFlight;

  Batches(
      BatchProcessor processor,
      ExecutorService batchThread,
      PipelineListener listener,
      PipelineStats stats,
      Clock clock,
      int batchMaxSize,
      Duration linger) {
    this.processor = processor;
    this.batchThread = batchThread;
    this.listener = listener;
    this.stats = stats;
    this.clock = clock;
    this.batchMaxSize = batchMaxSize;
    this.lingerMillis = linger.toMillis();
  }

  /** True while a batch is being processed (or processed and not yet taken by {@link #await}). */
  boolean processing() {
    return inFlight != null;
  }

  /** True when the batch in processing is done, or the pending one is full and must wait for it. */
  boolean shouldAwait() {
    return inFlight != null && (inFlight.isDone() || pending.size() >= batchMaxSize);
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** The pending batch is full or its linger has passed. */
  boolean pendingReady() {
    return !pending.isEmpty()
        && (pending.size() >= batchMaxSize || clock.millis() >= pendingDeadline);
  }

  /**
   * How long the next poll may wait: {@code busy} while processing, the linger left, or {@code
   * idle}.
   */
  Duration pollTimeout(Duration busy, Duration idle) {
    if (inFlight != null) {
      return busy;
    }
    if (!pending.isEmpty()) {
      return Duration.ofMillis(Math.max(0, pendingDeadline - clock.millis()));
    }
    return idle;
  }

  /** Adds polled records to the pending batch; the first starts its linger. */
  void add(List<RawRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    if (pending.isEmpty()) {
      pendingDeadline = clock.millis() + lingerMillis;
    }
    pending.addAll(records);
  }

  /** The pending batch goes to the batch thread, to be processed with {@code model}. */
  void submit(ActiveModel model) {
    List<RawRecord> batch = List.copyOf(pending);
    pending.clear();
    inFlight =
        batchThread.submit(
            () -> {
              long start = System.nanoTime();
              BatchOutput out = processor.process(batch, model);
              listener.batchScored(batch.size(), System.nanoTime() - start);
              stats.batches.increment();
              return out;
            });
  }

  /** The pending records, before they are submitted. */
  List<RawRecord> pending() {
    return pending;
  }

  /** Drops the pending records of {@code partitions} (lost to another member). */
  void dropPending(Collection<TopicPartition> partitions) {
    pending.removeIf(r -> partitions.contains(BatchProcessor.partition(r.origin())));
  }

  /** Drops every pending record. */
  void clearPending() {
    pending.clear();
  }

  /** The output of the batch in processing (null if none); processing failures are rethrown. */
  BatchOutput await() {
    Future<BatchOutput> f = inFlight;
    if (f == null) {
      return null;
    }
    inFlight = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new KafkaException("Interrupted while a batch was processed", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
