package io.varanus.engine.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.cli.VaranusCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Shared steps of the retrain tests: a web-log config with a short training, generated log files
 * (with their label sidecars) and a current model trained on normal traffic and published to a
 * store.
 */
public final class RetrainFixture {

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  public static final ObjectMapper JSON = new ObjectMapper();

  private RetrainFixture() {}

  /** examples/web.yml with {@code max-epochs} and the given top-level sections merged in. */
  public static Path config(Path dir, int maxEpochs, Map<String, Object> sections)
      throws Exception {
    ObjectNode root;
    try (var in = RetrainFixture.class.getResourceAsStream("/examples/web.yml")) {
      root = (ObjectNode) YAML.readTree(in);
    }
    ((ObjectNode) root.get("model")).put("max-epochs", maxEpochs);
    for (Map.Entry<String, Object> e : sections.entrySet()) {
      JsonNode v = YAML.valueToTree(e.getValue());
      if (root.get(e.getKey()) instanceof ObjectNode existing && v instanceof ObjectNode add) {
        existing.setAll(add);
      } else {
        root.set(e.getKey(), v);
      }
    }
    Path file = dir.resolve("web-" + maxEpochs + "-" + sections.hashCode() + ".yml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }

  /** Generated web traffic of the generator's first day (2024-03-04). */
  public static Path web(Path dir, String name, int events, double attackRate, long seed)
      throws Exception {
    Path file = dir.resolve(name);
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, events, attackRate, seed), file);
    return file;
  }

  /** Trains on {@code input} and publishes the model to {@code store}; returns its version. */
  public static String trainCurrent(Path config, Path input, Path store) throws Exception {
    Path out = Files.createTempDirectory(store.getParent(), "current");
    int code =
        VaranusCli.run(
            "train",
            "--config",
            config.toString(),
            "--input",
            input.toString(),
            "--model-out",
            out.toString(),
            "--publish-to",
            store.toString());
    if (code != 0) {
      throw new AssertionError("train exited with " + code);
    }
    return JSON.readTree(out.resolve("manifest.json").toFile()).get("modelVersion").asText();
  }

  /** The report retrain wrote under {@code out}. */
  public static JsonNode report(Path out) throws Exception {
    return JSON.readTree(out.resolve("report").resolve("comparison.json").toFile());
  }
}
