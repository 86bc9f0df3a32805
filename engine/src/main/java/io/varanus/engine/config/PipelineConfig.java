package io.varanus.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code pipeline:} section of {@code varanus run}: consumer group and optional static
 * membership, micro-batch size and linger, the delivery guarantee, the model store and how often it
 * is checked for a new version, and how long a shutdown may take.
 *
 * @param instanceId {@code group.instance.id} for static membership, or null
 * @param linger how long the first record of a batch may wait for more while the previous batch is
 *     not being processed (0: a batch starts as soon as the workers are free, and takes what
 *     arrived while they were busy, up to {@code batchMaxSize})
 * @param commitInterval at-least-once: how often the offsets of the batches sent are committed,
 *     after their records are acknowledged (0: after every batch); exactly-once commits each batch
 *     in its transaction
 * @param workers threads that process a batch's partitions in parallel (1: one after the other)
 * @param modelStore the model store directory, or null when {@code run --model DIR} is used
 * @param warmUp how long the service may run its per-event code on its model's training sample and
 *     replay records before it joins the group, so that the JIT has compiled that code before the
 *     first record (0: not at all)
 */
public record PipelineConfig(
    String groupId,
    String instanceId,
    int batchMaxSize,
    Duration linger,
    Duration commitInterval,
    int workers,
    Guarantee guarantee,
    Path modelStore,
    Duration modelPollInterval,
    Duration shutdownTimeout,
    Duration warmUp) {

  /** {@code processing-guarantee}: what a reader of the alerts topic can rely on. */
  public enum Guarantee {
    /** Offsets are committed after the batch's alerts and dead letters are acknowledged. */
    AT_LEAST_ONCE("at-least-once"),
    /** Alerts, dead letters and offsets commit in one transaction (read with read_committed). */
    EXACTLY_ONCE("exactly-once");

    private final String configName;

    Guarantee(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    static Guarantee of(String name) {
      for (Guarantee g : values()) {
        if (g.configName.equals(name)) {
          return g;
        }
      }
      return null;
    }
  }

  public static PipelineConfig defaults() {
    return new PipelineConfig(
        "varanus",
        null,
        500,
        Duration.ZERO,
        Duration.ofMillis(100),
        Runtime.getRuntime().availableProcessors(),
        Guarantee.AT_LEAST_ONCE,
        null,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(3));
  }
}
