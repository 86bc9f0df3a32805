package io.varanus.engine.pipeline;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka as a process of its own, for fault tests that stop and restart the
 * broker: {@code BrokerProcess <dir> <broker port> <controller port> [key=value ...]}. Formats
 * {@code dir} on the first start only, so a restart on the same ports and directory finds its
 * topics, offsets and transactions again. Prints {@link #READY} once the cluster answers; SIGTERM
 * shuts it down cleanly.
 */
public final class BrokerProcess {

  static final String READY = "broker ready";

  private BrokerProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int brokerPort = Integer.parseInt(args[1]);
    int controllerPort = Integer.parseInt(args[2]);
    String logDir = formatOnce(dir);
    Map<String, String> p = props(logDir, brokerPort, controllerPort);
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      p.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                },
                "broker-shutdown"));
    server.startup();
    awaitReady("127.0.0.1:" + brokerPort);
    System.out.println(READY);
    System.out.flush();
    server.awaitShutdown();
  }

  /** Formats {@code dir/log} unless it was formatted before; returns the log directory. */
  static String formatOnce(Path dir) throws Exception {
    String logDir = dir.resolve("log").toString();
    if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(1)
          .setDirectories(List.of(logDir))
          .setMetadataLogDirectory(logDir)
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    }
    return logDir;
  }

  static Map<String, String> props(String logDir, int brokerPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  static void awaitReady(String bootstrap) throws Exception {
    Properties a = new Properties();
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Admin admin = Admin.create(a)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > end) {
            throw new IllegalStateException("Broker at " + bootstrap + " did not become ready", e);
          }
        }
        Thread.sleep(100);
      }
    }
  }
}
