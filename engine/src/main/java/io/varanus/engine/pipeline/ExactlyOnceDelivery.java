package io.varanus.engine.pipeline;

import io.varanus.connectors.source.KafkaEventSource;
import java.time.Duration;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: each batch is one transaction holding its alerts, dead letters and consumed offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, KIP-447), so readers with
 * {@code isolation.level=read_committed} see every alert exactly once. A failed transaction is
 * aborted and the failure is fatal: the restarted service resumes from the committed offsets. The
 * exception is a transaction whose offsets the group refused because it rebalanced meanwhile (a
 * member died, the broker restarted): it is aborted and {@link BatchRefusedException} tells the
 * pipeline to read the batch again from the committed offsets.
 */
final class ExactlyOnceDelivery implements Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

  private final Producer<byte[], byte[]> producer;
  private final KafkaEventSource source;

  /** Takes a transactional producer and registers it ({@code initTransactions}). */
  ExactlyOnceDelivery(Producer<byte[], byte[]> producer, KafkaEventSource source) {
    this.producer = producer;
    this.source = source;
    producer.initTransactions();
  }

  @Override
  public void deliver(BatchOutput out) {
    if (out.isEmpty()) {
      return;
    }
    producer.beginTransaction();
    try {
      for (ProducerRecord<byte[], byte[]> r : out.records()) {
        producer.send(r);
      }
      producer.sendOffsetsToTransaction(out.offsets(), source.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw new KafkaException("Transactional producer cannot go on: " + e.getMessage(), e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        LOG.warn("Aborting the failed transaction failed too: {}", abortFailed.getMessage());
        throw new KafkaException(
            "Transaction for a batch failed and could not be aborted: " + e.getMessage(), e);
      }
      if (groupMovedOn(e)) {
        throw new BatchRefusedException(out.offsets().keySet(), e);
      }
      throw new KafkaException(
          "Transaction for a batch failed and was aborted, offsets not committed: "
              + e.getMessage(),
          e);
    }
  }

  /** The group refused the transaction's offsets because it rebalanced meanwhile. */
  private static boolean groupMovedOn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CommitFailedException
          || t instanceof IllegalGenerationException
          || t instanceof UnknownMemberIdException
          || t instanceof RebalanceInProgressException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
