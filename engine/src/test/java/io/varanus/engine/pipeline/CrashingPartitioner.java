package io.varanus.engine.pipeline;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * A producer partitioner that simulates a crash: after {@value #CRASH_AFTER} records (a setting in
 * the {@code kafka:} map, which the service passes to its producer) every {@code send} throws. The
 * records sent before stay in the producer and reach the broker, but the batch they belong to is
 * never committed, as when a process dies between publishing alerts and committing offsets.
 */
public final class CrashingPartitioner implements Partitioner {

  static final String CRASH_AFTER = "varanus.test.crash-after-records";

  private final AtomicLong sent = new AtomicLong();
  private long crashAfter = Long.MAX_VALUE;

  @Override
  public void configure(Map<String, ?> configs) {
    Object v = configs.get(CRASH_AFTER);
    if (v != null) {
      crashAfter = Long.parseLong(v.toString());
    }
  }

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    if (sent.incrementAndGet() > crashAfter) {
      throw new IllegalStateException("simulated crash after " + crashAfter + " records");
    }
    return 0;
  }

  @Override
  public void close() {}
}
