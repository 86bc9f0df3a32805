package io.varanus.engine.cli;

import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.eval.EvaluationReport;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Zero-setup demo: generate labelled sshd, web and flow logs with attacks, train a model per"
          + " stream on a normal warm-up window, score a later window and report detection quality"
          + " against the generator's labels, next to Isolation Forest and Random Cut Forest."
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
      defaultValue = "ssh,web,flow",
      description = "Streams to run (default: ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() throws IOException {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("varanus-demo-");
    Files.createDirectories(dir);
    PrintStream out = System.out;
    out.printf(
        "varanus demo: %d events per window, attack rate %.3f, files in %s%n",
        events, attackRate, dir);
    for (String name : streams) {
      runStream(LogStream.of(name), name, dir, out);
    }
    return VaranusCli.OK;
  }

  private void runStream(LogStream stream, String name, Path dir, PrintStream out)
      throws IOException {
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
  }
}
