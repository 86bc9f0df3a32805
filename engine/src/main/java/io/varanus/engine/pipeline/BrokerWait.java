package io.varanus.engine.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the Kafka cluster answers, logging one clear line per failed attempt and backing off
 * from one to ten seconds, for as long as the service should keep running.
 */
final class BrokerWait {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final int ATTEMPT_TIMEOUT_MS = 5_000;

  private BrokerWait() {}

  /** True once the cluster answered; false when {@code keepTrying} turned false first. */
  static boolean await(Map<String, Object> adminConfig, BooleanSupplier keepTrying)
      throws InterruptedException {
    Object bootstrap = adminConfig.get("bootstrap.servers");
    Duration backoff = FIRST_BACKOFF;
    try (Admin admin = Admin.create(adminConfig)) {
      for (int attempt = 1; keepTrying.getAsBoolean(); attempt++) {
        try {
          int nodes =
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(ATTEMPT_TIMEOUT_MS))
                  .nodes()
                  .get(ATTEMPT_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS)
                  .size();
          if (nodes > 0) {
            if (attempt > 1) {
              LOG.info("Kafka at {} is reachable after {} attempts", bootstrap, attempt);
            }
            return true;
          }
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          LOG.warn(
              "Kafka at {} is not reachable yet (attempt {}: {}); retrying in {}s",
              bootstrap,
              attempt,
              cause.getClass().getSimpleName(),
              backoff.toSeconds());
        }
        sleep(backoff, keepTrying);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    return false;
  }

  private static void sleep(Duration d, BooleanSupplier keepTrying) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (keepTrying.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }
}
