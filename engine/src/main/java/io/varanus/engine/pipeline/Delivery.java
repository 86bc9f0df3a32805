package io.varanus.engine.pipeline;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes a batch's alerts and dead letters and commits its offsets, never an offset before the
 * records of its batch and of every earlier batch are acknowledged. Exactly-once does both in
 * {@link #deliver}; at-least-once sends there and commits at its commit interval, when {@link
 * #idle}, and in {@link #revoked}. {@link BatchRefusedException} (exactly-once, the group
 * rebalanced during the transaction) means neither happened and the caller must drop what it holds
 * and rewind to the committed offsets. Any other exception is fatal for the pipeline: nothing of
 * the batch is committed, and a restarted service reprocesses it from the last committed offsets.
 */
interface Delivery {

  void deliver(BatchOutput out);

  /** The group is taking these partitions away: commit what is owed for them. */
  default void revoked(Collection<TopicPartition> partitions) {}

  /**
   * Nothing was polled: retry what an earlier commit could not complete (a rebalance was in
   * progress), so the last batch before a quiet spell is not left uncommitted.
   */
  default void idle() {}

  /** These partitions were lost without a chance to commit. */
  default void lost(Collection<TopicPartition> partitions) {}

  void close(Duration timeout);
}
