package io.varanus.connectors.source;

import java.time.Duration;
import java.util.List;

/**
 * Where raw records come from: files, stdin or Kafka. A source hands out micro-batches; callers
 * poll until {@link #isFinished()} and then close it. Implementations are not thread-safe unless
 * they say so.
 */
public interface EventSource extends AutoCloseable {

  /**
   * The next micro-batch, waiting at most {@code timeout} for records to arrive. An empty list
   * means nothing arrived in time, or the source is finished.
   */
  List<RawRecord> poll(Duration timeout);

  /** True once a bounded source is exhausted or an unbounded one was asked to stop. */
  default boolean isFinished() {
    return false;
  }

  @Override
  void close();
}
