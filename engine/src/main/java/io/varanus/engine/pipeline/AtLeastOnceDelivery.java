package io.varanus.engine.pipeline;

import io.varanus.connectors.source.KafkaEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once: sends the batch's records, flushes, checks every acknowledgement and only then
 * commits the offsets. Offsets a rebalance kept from committing are carried to the next commit (or
 * committed on revocation); partitions lost to another member are simply reprocessed there.
 */
final class AtLeastOnceDelivery implements Delivery {

  private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceDelivery.class);

  private final Producer<byte[], byte[]> producer;
  private final KafkaEventSource source;
  private final Map<TopicPartition, OffsetAndMetadata> owed = new HashMap<>();

  AtLeastOnceDelivery(Producer<byte[], byte[]> producer, KafkaEventSource source) {
    this.producer = producer;
    this.source = source;
  }

  @Override
  public void deliver(BatchOutput out) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(out.records().size());
    for (ProducerRecord<byte[], byte[]> r : out.records()) {
      acks.add(producer.send(r));
    }
    producer.flush();
    for (Future<RecordMetadata> f : acks) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new KafkaException(
            "Publishing alerts or dead letters failed, offsets not committed: "
                + e.getCause().getMessage(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("Interrupted while waiting for acknowledgements", e);
      }
    }
    owed.putAll(out.offsets());
    commitOwed(owed);
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
    commitOwed(owed);
  }

  /** Offsets processed and acknowledged but not committed yet, per partition. */
  Map<TopicPartition, OffsetAndMetadata> owed() {
    return Map.copyOf(owed);
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
    owed.keySet().removeAll(partitions);
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
