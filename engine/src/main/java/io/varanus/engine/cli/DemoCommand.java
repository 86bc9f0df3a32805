package io.varanus.engine.cli;

import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.MetricsConfig;
import io.varanus.engine.demo.EmbeddedKafka;
import io.varanus.engine.demo.LiveDemo;
import io.varanus.engine.demo.LiveDemoConfig;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.metrics.MetricsServer;
import io.varanus.engine.metrics.ServiceMetrics;
import io.varanus.engine.offline.EvaluateJob;
import io.varanus.engine.offline.TrainJob;
import io.varanus.models.vae.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Zero-setup demo: start a Kafka broker inside this process, generate labelled logs with"
          + " attacks, train a model per stream on a normal warm-up window and compare it offline"
          + " with Isolation Forest and Random Cut Forest on a later window; then stream that window"
          + " into a topic, run the service on it (live status line: events/s, alerts, lag) and"
          + " report precision and recall of its alerts against the generator's labels."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      defaultValue = "10000",
      description = "Events per window and stream (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--attack-rate",
      defaultValue = "0.03",
      description = "Share of attack events (default: ${DEFAULT-VALUE}).")
  double attackRate;

  @Option(
      names = "--streams",
      split = ",",
      defaultValue = "web",
      description = "Streams to run: ssh, web, flow (default: ${DEFAULT-VALUE}).")
  List<String> streams;

  @Option(
      names = "--work-dir",
      description = "Where logs, models and reports go (default: a new temporary directory).")
  Path workDir;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rate",
      defaultValue = "2000",
      description = "Events per second streamed into the input topic (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--metrics-port",
      defaultValue = "9464",
      description =
          "Serve the service's Prometheus metrics on 127.0.0.1 at this port while the demo runs"
              + " (0: any free port, -1: none; default: ${DEFAULT-VALUE}, or a free port when"
              + " it is taken).")
  int metricsPort;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (rate < 1) {
      throw new ConfigException("Invalid value " + rate + " for --rate: must be >= 1");
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new ConfigException(
          "Invalid value " + metricsPort + " for --metrics-port: must be -1 (none) to 65535");
    }
    List<LogStream> chosen = streams.stream().map(DemoCommand::stream).toList();
    Path dir = workDir != null ? workDir : Files.createTempDirectory("varanus-demo-");
    Files.createDirectories(dir);
    PrintStream out = System.out;
    out.printf(
        "varanus demo: %d events per window, attack rate %.3f, files in %s%n",
        events, attackRate, dir);
    // the status line speaks for the service; its own log lines would break it up
    System.setProperty("org.slf4j.simpleLogger.log.io.varanus.engine.pipeline", "warn");
    // the embedded broker warns about things that are normal for a fresh one-node cluster
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller", "error");
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
    long t0 = System.nanoTime();
    ServiceMetrics metrics = new ServiceMetrics();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        MetricsServer server = serveMetrics(metrics, out)) {
      out.printf(
          "   Kafka (KRaft, one node) started in this process at %s in %.1f s%n",
          kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
      for (LogStream stream : chosen) {
        runStream(stream, stream.name().toLowerCase(Locale.ROOT), dir, kafka, metrics, out);
      }
      out.printf("%nStopping the embedded Kafka.%n");
    }
    return VaranusCli.OK;
  }

  /** The metrics server for the demo's services, or null with --metrics-port -1. */
  private MetricsServer serveMetrics(ServiceMetrics metrics, PrintStream out) {
    if (metricsPort < 0) {
      return null;
    }
    MetricsServer server;
    try {
      server = MetricsServer.start(new MetricsConfig(true, "127.0.0.1", metricsPort), metrics);
    } catch (java.io.UncheckedIOException taken) {
      server = MetricsServer.start(new MetricsConfig(true, "127.0.0.1", 0), metrics);
      out.printf("   port %d is taken; serving metrics on a free port instead%n", metricsPort);
    }
    out.printf(
        "   metrics: http://127.0.0.1:%d/metrics (Prometheus format; /healthz, /readyz) while the"
            + " demo runs%n",
        server.port());
    return server;
  }

  private static LogStream stream(String name) {
    try {
      return LogStream.of(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage().replace(" for stream:", " for --streams:"));
    }
  }

  private void runStream(
      LogStream stream,
      String name,
      Path dir,
      EmbeddedKafka kafka,
      ServiceMetrics metrics,
      PrintStream out)
      throws IOException, InterruptedException {
    Path config = dir.resolve(name + ".yml");
    try (InputStream in = getClass().getResourceAsStream("/examples/" + name + ".yml")) {
      Files.copy(in, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Instant start = Instant.parse("2024-03-04T00:00:00Z");
    GeneratorConfig warmUp = new GeneratorConfig(stream, events, attackRate, start, seed);
    GeneratorConfig later =
        new GeneratorConfig(
            stream, events, attackRate, start.plus(Duration.ofDays(7)), seed + 1000);
    String ext = stream == LogStream.FLOW ? ".csv" : ".log";
    Path trainFile = dir.resolve(name + "-warmup" + ext);
    Path testFile = dir.resolve(name + "-later" + ext);
    LabeledLogWriter.write(warmUp, trainFile);
    LabeledLogWriter.write(later, testFile);

    EngineConfig cfg = EngineConfig.load(config);
    out.printf("%n== %s: training on the normal events of %s%n", name, trainFile.getFileName());
    long t0 = System.nanoTime();
    ModelBundle bundle =
        new TrainJob(
                cfg,
                Clock.systemUTC(),
                TrainingListener.none(),
                new PrintStream(PrintStream.nullOutputStream()))
            .run(
                new TrainJob.Request(
                    List.of(trainFile.toString()),
                    "label",
                    "normal",
                    0,
                    dir.resolve(name + "-model")));
    out.printf(
        "   model %s trained in %.1f s; threshold %.3f%n",
        bundle.version(), (System.nanoTime() - t0) / 1e9, bundle.model().calibration().threshold());
    EvaluationReport report =
        new EvaluateJob(Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()))
            .run(
                bundle,
                new EvaluateJob.Request(
                    List.of(testFile.toString()),
                    "label",
                    "normal",
                    "attack_class",
                    false,
                    List.of("isolation-forest", "rcf")));
    out.printf("   scored %s against the generator's labels:%n", testFile.getFileName());
    out.print(report.table().indent(3));
    report.write(dir.resolve(name + "-report"));

    Path service = LiveDemoConfig.write(config, stream, name, kafka.bootstrapServers(), dir);
    out.printf(
        "%n   streaming %s into topic %s at %d events/s; varanus run scores it:%n",
        testFile.getFileName(), LiveDemoConfig.inputTopic(name), rate);
    LiveDemo.Result r =
        new LiveDemo(kafka, out, System.console() != null, metrics)
            .run(service, dir.resolve(name + "-model"), SecurityLogGenerator.generate(later), rate);
    out.printf(
        "   %,d events in %.1f s: %,d alerts, precision %.3f, recall %.3f (%d of %d attacks)%n",
        r.events(),
        r.seconds(),
        r.alerts(),
        r.precision(),
        r.recall(),
        r.attacksCaught(),
        r.attacks());
    r.perClass()
        .forEach(
            (cls, c) ->
                out.printf(
                    "     recall %-22s %.3f (%d of %d)%n", cls, (double) c[1] / c[0], c[1], c[0]));
  }
}
