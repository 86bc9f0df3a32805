package io.varanus.engine.pipeline;

import io.varanus.connectors.source.KafkaEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once: sends each batch's records as soon as the batch is processed, and at most every
 * {@code commit-interval} (and when idle, and before partitions go) flushes the producer, checks
 * that every record sent so far was acknowledged and only then commits the offsets of the batches
 * sent, as Kafka Streams does. Alerts leave without waiting for a commit, and a commit covers many
 * small batches; a crash reprocesses at most the records of one interval. With an interval of 0
 * every batch is flushed and committed before the next. A failed send stops the pipeline before any
 * later offset is committed. Offsets a rebalance kept from committing are carried to the next
 * commit (or committed on revocation); partitions lost to another member are simply reprocessed
 * there.
 */
final class AtLeastOnceDelivery implements Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceDelivery.class);

  private final Producer<byte[], byte[]> producer;
  private final KafkaEventSource source;
  private final Clock clock;
  private final long intervalMillis;

  /** Offsets of batches whose records were sent but not yet confirmed by a flush. */
  private final Map<TopicPartition, OffsetAndMetadata> sent = new HashMap<>();

  /** Offsets whose records were all acknowledged, not committed yet. */
  private final Map<TopicPartition, OffsetAndMetadata> owed = new HashMap<>();

  private final AtomicReference<Exception> failed = new AtomicReference<>();
  private long lastCommit;

  AtLeastOnceDelivery(
      Producer<byte[], byte[]> producer,
      KafkaEventSource source,
      Clock clock,
      Duration commitInterval) {
    this.producer = producer;
    this.source = source;
    this.clock = clock;
    this.intervalMillis = commitInterval.toMillis();
    this.lastCommit = clock.millis();
  }

  @Override
  public void deliver(BatchOutput out) {
    throwIfFailed();
    for (ProducerRecord<byte[], byte[]> r : out.records()) {
      producer.send(
          r,
          (metadata, e) -> {
            if (e != null) {
              failed.compareAndSet(null, e);
            }
          });
    }
    sent.putAll(out.offsets());
    if (clock.millis() - lastCommit >= intervalMillis) {
      commitSent();
    }
  }

  /** Confirms what was sent and commits everything owed. */
  private void commitSent() {
    confirmSent();
    commitOwed(owed);
  }

  /** Waits for every record sent so far; their batches' offsets become owed. */
  private void confirmSent() {
    if (!sent.isEmpty()) {
      producer.flush();
      throwIfFailed();
      owed.putAll(sent);
      sent.clear();
    }
    lastCommit = clock.millis();
  }

  private void throwIfFailed() {
    Exception e = failed.get();
    if (e != null) {
      throw new KafkaException(
          "Publishing alerts or dead letters failed, offsets not committed: " + e.getMessage(), e);
    }
  }

  private void commitOwed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> copy = new HashMap<>(offsets);
    try {
      commit(copy);
      owed.keySet().removeAll(copy.keySet());
    } catch (RebalanceInProgressException e) {
      LOG.debug("Commit deferred by a rebalance in progress; carried to the next commit");
    } catch (CommitFailedException e) {
      // the generation moved on; partitions this member still owns are retried, the others are
      // reprocessed by their new owner from the last committed offset
      Set<TopicPartition> kept = source.assignment();
      Set<TopicPartition> gone = new HashSet<>(copy.keySet());
      gone.removeAll(kept);
      owed.keySet().removeAll(gone);
      LOG.warn(
          "Offsets could not be committed ({}); retrying those of {}, the new owners reprocess {}",
          e.getMessage(),
          owed.keySet(),
          gone);
    }
  }

  @Override
  public void idle() {
    commitSent();
  }

  /** Offsets processed and acknowledged but not committed yet, per partition. */
  Map<TopicPartition, OffsetAndMetadata> owed() {
    return Map.copyOf(owed);
  }

  /** Offsets of batches sent but not yet confirmed by a flush, per partition. */
  Map<TopicPartition, OffsetAndMetadata> sent() {
    return Map.copyOf(sent);
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      source.commit(offsets);
    } catch (WakeupException e) {
      // a shutdown request arrived outside poll(); the flag is now clear, so commit again
      source.commit(offsets);
    }
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) {
    confirmSent();
    Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
    for (TopicPartition tp : partitions) {
      if (owed.containsKey(tp)) {
        due.put(tp, owed.get(tp));
      }
    }
    commitOwed(due);
    owed.keySet().removeAll(partitions);
  }

  @Override
  public void lost(Collection<TopicPartition> partitions) {
    sent.keySet().removeAll(partitions);
    owed.keySet().removeAll(partitions);
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
