package io.varanus.engine.pipeline;

import io.varanus.connectors.Origin;
import io.varanus.engine.alert.Alert;
import io.varanus.engine.store.ActiveModel;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Told what the pipeline does, for metrics: records, scores and alerts from the batch thread, model
 * and lag events from the consumer thread, so implementations must be thread-safe. Every method
 * defaults to doing nothing; implementations must be quick and must not throw.
 */
public interface PipelineListener {

  /** Listens to nothing. */
  PipelineListener NONE = new PipelineListener() {};

  /** A record was taken from an input topic. */
  default void consumed(Origin origin) {}

  /** A record could not be parsed and goes to the dead-letter topic; reason is a bounded name. */
  default void deadLettered(Origin origin, String reason) {}

  /**
   * An event was scored; {@code screened} when its score is the screening estimate of an event
   * clearly below the threshold (fewer Monte Carlo samples), not the full score.
   */
  default void scored(Origin origin, double score, boolean screened) {}

  /** An alert goes to the alerts topic. */
  default void alerted(Alert alert) {}

  /** A micro-batch of {@code records} was parsed and scored in {@code nanos}. */
  default void batchScored(int records, long nanos) {}

  /** The pipeline scores with {@code model} from now on (at start and after each swap). */
  default void modelActive(ActiveModel model) {}

  /** A new model version from the store was swapped in ({@code ok}) or refused. */
  default void modelReloaded(boolean ok) {}

  /** The assigned partitions and their lag in records (empty when not known yet). */
  default void consumerLag(Map<TopicPartition, OptionalLong> lag) {}

  /**
   * Told once the consumer exists: whether the group coordinator answers heartbeats, to ask from
   * any thread at any time (the pipeline thread may be blocked waiting for the brokers).
   */
  default void kafkaReachability(BooleanSupplier reachable) {}
}
