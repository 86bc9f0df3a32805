package io.varanus.engine.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code varanus run --config C [--model B]} as an OS process of its own (the CLI's main class on
 * the test class path), so that a test can kill it with SIGKILL. Output goes to {@code log}.
 */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int metricsPort;
  private final Path log;

  private ServiceProcess(Process process, int metricsPort, Path log) {
    this.process = process;
    this.metricsPort = metricsPort;
    this.log = log;
  }

  static ServiceProcess start(Path config, Path model, int metricsPort, Path log)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            JavaProcess.command(
                "-Xmx512m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector"));
    cmd.addAll(List.of("io.varanus.engine.cli.VaranusCli", "run", "--config", config.toString()));
    if (model != null) {
      cmd.addAll(List.of("--model", model.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("OMP_NUM_THREADS", "1");
    return new ServiceProcess(pb.start(), metricsPort, log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook, no commit, no close. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code once the process is gone (at most {@code timeout}). */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the service did not stop within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** The HTTP status of {@code /readyz}, or -1 when the endpoint does not answer. */
  int readyz() {
    return get("/readyz").statusCode;
  }

  /** The {@code /metrics} text, or an empty string when the endpoint does not answer. */
  String metrics() {
    return get("/metrics").body;
  }

  private record Answer(int statusCode, String body) {}

  private Answer get(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "");
    }
  }

  /** Waits until {@code /readyz} answers 200; false if the process died or time ran out first. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && process.isAlive()) {
      if (readyz() == 200) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
