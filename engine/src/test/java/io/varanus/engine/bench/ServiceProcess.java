package io.varanus.engine.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code varanus run} from the runnable jar in its own JVM with a fixed heap ({@code -Xms} = {@code
 * -Xmx}), its output in a log file next to the config; CPU time and RSS read from /proc.
 */
final class ServiceProcess {

  private final Process process;
  private final Path log;
  private final int metricsPort;

  private ServiceProcess(Process process, Path log, int metricsPort) {
    this.process = process;
    this.log = log;
    this.metricsPort = metricsPort;
  }

  static ServiceProcess start(Path jar, String heap, Path config, Path bundle) throws IOException {
    Path log = config.resolveSibling(config.getFileName() + ".log");
    String text = Files.readString(config);
    int port = Integer.parseInt(text.replaceAll("(?s).*port: (\\d+).*", "$1"));
    List<String> cmd =
        new ArrayList<>(List.of(ChildJvm.javaBinary(), "-Xms" + heap, "-Xmx" + heap));
    String extra = System.getProperty("bench.service.jvm", "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(
        List.of(
            "--add-modules",
            "jdk.incubator.vector",
            "-jar",
            jar.toString(),
            "run",
            "--config",
            config.toString(),
            "--model",
            bundle.toString()));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(p, log, port);
  }

  /** Waits until {@code /readyz} answers 200 (the consumer has its partitions). */
  void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      check();
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
  }

  void check() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the service exited with " + process.exitValue() + "; see " + log);
    }
  }

  /** User plus system CPU time of the process so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in USER_HZ
  }

  /** Current and peak resident set size. */
  String rss() throws IOException {
    long rss = 0;
    long hwm = 0;
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", ""));
      } else if (line.startsWith("VmHWM:")) {
        hwm = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return String.format("RSS %,d MiB (peak %,d MiB)", rss / 1024, hwm / 1024);
  }

  /** SIGTERM: the service delivers what it holds, commits and exits. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
