package io.varanus.engine.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what a pipeline did, readable from other threads (metrics, status lines, tests). Every
 * consumed record ends as exactly one of scored, skipped (blank lines, headers) or dead-lettered.
 */
public final class PipelineStats {

  /** A consistent-enough copy of the counters. */
  public record Snapshot(
      long consumed,
      long scored,
      long skipped,
      long deadLettered,
      long alerts,
      long batches,
      long committedBatches) {}

  final LongAdder consumed = new LongAdder();
  final LongAdder scored = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder alerts = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder committedBatches = new LongAdder();

  public Snapshot snapshot() {
    return new Snapshot(
        consumed.sum(),
        scored.sum(),
        skipped.sum(),
        deadLettered.sum(),
        alerts.sum(),
        batches.sum(),
        committedBatches.sum());
  }
}
