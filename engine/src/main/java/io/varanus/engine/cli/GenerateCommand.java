package io.varanus.engine.cli;

import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write synthetic sshd, web or flow log lines with injected attacks (the demo's generator),"
          + " one event per line, to a file (with the labels in <file>.labels.csv, for evaluate)"
          + " or to stdout; the same options always give the same lines. Pipe them into a Kafka"
          + " producer to feed `varanus run`."
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--stream",
      defaultValue = "web",
      description = "ssh, web or flow (default: ${DEFAULT-VALUE}).")
  String stream;

  @Option(
      names = "--events",
      defaultValue = "10000",
      description = "Number of events (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--attack-rate",
      defaultValue = "0.03",
      description = "Share of attack events, 0 to 0.9 (default: ${DEFAULT-VALUE}).")
  double attackRate;

  @Option(
      names = "--start",
      defaultValue = "2024-03-04T00:00:00Z",
      description = "Time of the first event (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--drift",
      defaultValue = "0",
      description =
          "Share of normal sessions, 0 to 1, that show normal behaviour the stream has none of at"
              + " 0 (web: newer browsers, a new site section, visitors from a new address range;"
              + " ssh: new users from a new subnet; flow: a new office subnet and a new service);"
              + " raise it from file to file for slow drift (default: ${DEFAULT-VALUE}).")
  double drift;

  @Option(
      names = "--output",
      defaultValue = "-",
      description = "File to write, or - for stdout (default: ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() throws IOException {
    GeneratorConfig config;
    try {
      config = new GeneratorConfig(LogStream.of(stream), events, attackRate, start, seed, drift);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (output.equals("-")) {
      Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      write(config, out);
      out.flush();
    } else {
      Path file = Path.of(output);
      OutputFiles.createParent(file, "--output");
      LabeledLogWriter.write(config, file);
    }
    return VaranusCli.OK;
  }

  private static void write(GeneratorConfig config, Writer out) throws IOException {
    String header = config.stream().header();
    if (header != null) {
      out.write(header);
      out.write('\n');
    }
    Iterator<GeneratedEvent> it = SecurityLogGenerator.iterator(config);
    while (it.hasNext()) {
      out.write(it.next().line());
      out.write('\n');
    }
  }
}
