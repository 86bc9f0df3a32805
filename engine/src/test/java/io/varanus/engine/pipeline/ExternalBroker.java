package io.varanus.engine.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A {@link BrokerProcess} the test starts, stops (SIGTERM, a clean shutdown) and starts again on
 * the same ports and directory. Its output goes to {@code broker-N.log} in the directory.
 */
final class ExternalBroker implements AutoCloseable {

  private final Path dir;
  private final int brokerPort;
  private final int controllerPort;
  private final List<String> settings;
  private Process process;
  private int starts;

  ExternalBroker(Path dir, List<String> settings) throws IOException {
    this.dir = dir;
    this.brokerPort = freePort();
    this.controllerPort = freePort();
    this.settings = List.copyOf(settings);
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Starts the process and returns once it printed that the cluster answers. */
  void start() throws Exception {
    List<String> cmd = new ArrayList<>(JavaProcess.command("-Xmx768m", "-Xss1m"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add(BrokerProcess.class.getName());
    cmd.add(dir.toString());
    cmd.add(Integer.toString(brokerPort));
    cmd.add(Integer.toString(controllerPort));
    cmd.addAll(settings);
    Path log = dir.resolve("broker-" + ++starts + ".log");
    process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals(BrokerProcess.READY)) {
          drain(process);
          return;
        }
      }
    }
    throw new IllegalStateException("the broker process exited before it was ready; see " + log);
  }

  private static void drain(Process p) {
    Thread t =
        new Thread(
            () -> {
              try {
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
              } catch (IOException e) {
                // process gone
              }
            },
            "broker-stdout");
    t.setDaemon(true);
    t.start();
  }

  /** SIGTERM and wait until the process is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }
}
