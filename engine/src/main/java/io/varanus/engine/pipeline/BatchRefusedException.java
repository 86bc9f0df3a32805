package io.varanus.engine.pipeline;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The group refused a batch's transaction because it rebalanced meanwhile; the transaction was
 * aborted, so nothing of the batch is visible or committed. Not fatal: the pipeline drops every
 * record it holds and rewinds the consumer to the committed offsets, so the batch (and whatever was
 * polled after it) is read again where this member still owns the partitions.
 */
final class BatchRefusedException extends RuntimeException {

  private final Set<TopicPartition> partitions;

  BatchRefusedException(Set<TopicPartition> partitions, Throwable cause) {
    super(
        "The consumer group moved to a new generation during a transaction; aborted it: "
            + cause.getMessage(),
        cause);
    this.partitions = Set.copyOf(partitions);
  }

  /** The partitions of the refused batch. */
  Set<TopicPartition> partitions() {
    return partitions;
  }
}
