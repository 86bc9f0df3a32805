package io.varanus.engine.pipeline;

import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.store.ActiveModel;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * One scorer per input partition, so that partitions can be featurized and scored in parallel:
 * window features (per-entity counts, distinct values) are kept per partition, as in Kafka Streams.
 * An entity's events share a partition when the input topic is keyed by the window's entity (the
 * producer's default partitioner on a key such as the source address), which is also what keeps
 * them on one instance of a consumer group. A partition's scorer follows the active model: after a
 * swap it continues the window state of the partition's scorer under the old model.
 *
 * <p>Lanes of different partitions may be used from different threads at once; one partition's lane
 * from one thread at a time.
 */
final class PartitionLanes {

  private final Map<TopicPartition, BundleScorer> scorers = new ConcurrentHashMap<>();

  /** The scorer of {@code partition} under {@code model}. */
  BundleScorer scorer(TopicPartition partition, ActiveModel model) {
    BundleScorer s = scorers.get(partition);
    if (s == null || s.bundle() != model.bundle()) {
      s = model.scorer().forStream(s);
      scorers.put(partition, s);
    }
    return s;
  }

  /** Forgets the window state of partitions this member no longer owns. */
  void drop(Collection<TopicPartition> partitions) {
    partitions.forEach(scorers::remove);
  }

  int size() {
    return scorers.size();
  }
}
