package io.varanus.engine.bench;

import io.varanus.engine.demo.EmbeddedKafka;

/**
 * A one-node Kafka (KRaft) in a JVM of its own, for benchmarks that must not share a process with
 * the broker: prints {@code bootstrap=<host:port>} once it answers, and stops when its standard
 * input closes (its parent ended or closed the pipe).
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      System.out.println("bootstrap=" + kafka.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close the pipe
      }
    }
    System.exit(0);
  }
}
