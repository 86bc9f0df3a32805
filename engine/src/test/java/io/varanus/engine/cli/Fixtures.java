package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Generated labelled logs, configs derived from the shipped examples, and bundles trained through
 * the CLI, made once per test JVM and shared by the CLI tests (they are read, never changed: a test
 * that corrupts a bundle copies it first).
 */
final class Fixtures {

  /** Events per generated file for the end-to-end tests. */
  static final int EVENTS = 3000;

  static final double ATTACK_RATE = 0.05;

  /** Epochs for the end-to-end models: enough for AUROC > 0.95 on generated data. */
  static final int EPOCHS = 25;

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Object> CACHE = new HashMap<>();
  private static Path root;

  /** A training and a test file of one stream, generated with different seeds. */
  record Logs(LogStream stream, Path train, Path test, long trainEvents, long testEvents) {}

  /** A config, the bundle trained with it through the CLI and what train printed. */
  record Trained(Logs logs, Path config, Path model, Cli.Result result) {}

  private Fixtures() {}

  /** The end-to-end model of a stream ("ssh", "web" or "flow"): trained on first use. */
  static synchronized Trained trained(String stream) {
    return (Trained) cached("trained-" + stream, () -> train(stream));
  }

  /** A small flow model trained for two epochs, for tests that need any valid bundle. */
  static synchronized Trained tiny() {
    return (Trained) cached("tiny", Fixtures::trainTiny);
  }

  static synchronized Logs logs(String stream, int events) {
    return (Logs) cached("logs-" + stream + "-" + events, () -> generate(stream, events));
  }

  /** Not computeIfAbsent: making one fixture may make another. */
  private static Object cached(String key, Supplier<Object> make) {
    Object v = CACHE.get(key);
    if (v == null) {
      v = make.get();
      CACHE.put(key, v);
    }
    return v;
  }

  /** The shipped example config of a stream with {@code model.max-epochs} set. */
  static Path config(String stream, int maxEpochs, Path dir) {
    ObjectNode root = example(stream);
    model(root).put("max-epochs", maxEpochs);
    return write(root, dir.resolve(stream + "-" + maxEpochs + ".yml"));
  }

  /** The shipped example config of a stream, parsed, to change before {@link #write}. */
  static ObjectNode example(String stream) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/examples/" + stream + ".yml")) {
      assertThat(in).as("example config %s.yml on the class path", stream).isNotNull();
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode model(ObjectNode config) {
    JsonNode m = config.get("model");
    return m instanceof ObjectNode o ? o : config.putObject("model");
  }

  static Path write(JsonNode config, Path file) {
    try {
      Files.createDirectories(file.getParent());
      YAML.writeValue(file.toFile(), config);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("varanus-cli-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path dir = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    }
    return root;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  /** Copies a bundle directory, so that a test may damage the copy. */
  static Path copy(Path bundle, Path to) {
    try {
      Files.createDirectories(to);
      try (Stream<Path> files = Files.list(bundle)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String extension(LogStream stream) {
    return stream == LogStream.FLOW ? ".csv" : ".log";
  }

  private static Logs generate(String stream, int events) {
    LogStream s = LogStream.of(stream);
    Path dir = root().resolve("logs-" + stream + "-" + events);
    Path train = dir.resolve(stream + "-train" + extension(s));
    Path test = dir.resolve(stream + "-test" + extension(s));
    try {
      Files.createDirectories(dir);
      long n1 = LabeledLogWriter.write(GeneratorConfig.of(s, events, ATTACK_RATE, 11), train);
      long n2 = LabeledLogWriter.write(GeneratorConfig.of(s, events, ATTACK_RATE, 12), test);
      return new Logs(s, train, test, n1, n2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Trained train(String stream) {
    Logs logs = logs(stream, EVENTS);
    Path dir = root().resolve("trained-" + stream);
    Path config = config(stream, EPOCHS, dir);
    return trainWith(logs, config, dir.resolve("model"));
  }

  private static Trained trainTiny() {
    Logs logs = logs("flow", 600);
    Path dir = root().resolve("tiny");
    Path config = config("flow", 2, dir);
    return trainWith(logs, config, dir.resolve("model"));
  }

  /** Trains through the CLI, as a user would, and insists that it worked. */
  static Trained trainWith(Logs logs, Path config, Path model) {
    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            config.toString(),
            "--input",
            logs.train().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "normal",
            "--model-out",
            model.toString());
    assertThat(r.exitCode()).as("train %s", r).isZero();
    return new Trained(logs, config, model, r);
  }
}
