package io.varanus.engine.cli;

import static io.varanus.engine.cli.Cli.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mistakes users make: each ends with exit code 2 and a message on stderr that names what is wrong
 * (the key path, the file, the value). Damaged bundles are in {@link BundleErrorsTest}, retrain's
 * options in {@link RetrainCliErrorsTest}, unknown commands and options and --help in {@link
 * CliUsageTest}.
 */
class CliErrorsTest {

  @TempDir Path tmp;

  // ---- configuration

  @ParameterizedTest
  @CsvSource({
    "model, latnt-dim, model.latnt-dim",
    "alerting, targt-fpr, alerting.targt-fpr",
    "labels, normal, labels.normal",
    ", modle, modle"
  })
  void unknownConfigKeyIsNamedWithItsPath(String section, String key, String named) {
    ObjectNode config = Fixtures.example("flow");
    ObjectNode at = section == null ? config : sectionOf(config, section);
    at.put(key, 8);

    Cli.Result r = train(Fixtures.write(config, tmp.resolve("typo.yml")));

    assertUsageError(r, named, "unknown key", "typo.yml");
  }

  @ParameterizedTest
  @CsvSource({
    "model, latent-dim, 0, model.latent-dim",
    "model, batch-size, -5, model.batch-size",
    "model, learning-rate, 3, model.learning-rate",
    "model, max-epochs, 0, model.max-epochs",
    "alerting, target-fpr, 2, alerting.target-fpr",
    "alerting, target-fpr, 0, alerting.target-fpr"
  })
  void badValueIsNamedWithItsPath(String section, String key, String value, String named) {
    ObjectNode config = Fixtures.example("flow");
    sectionOf(config, section).put(key, Integer.parseInt(value));

    Cli.Result r = train(Fixtures.write(config, tmp.resolve("bad.yml")));

    assertUsageError(r, named, value);
  }

  @Test
  void textWhereANumberBelongsIsNamed() {
    ObjectNode config = Fixtures.example("flow");
    sectionOf(config, "model").put("batch-size", "lots");

    assertUsageError(train(Fixtures.write(config, tmp.resolve("bad.yml"))), "model.batch-size");
  }

  @Test
  void missingConfigFileIsNamed() {
    assertUsageError(train(tmp.resolve("no-such.yml")), "no-such.yml");
  }

  @Test
  void configThatIsNotYamlIsNamed() throws IOException {
    Path config = tmp.resolve("broken.yml");
    Files.writeString(config, "input: [format: csv\nfeatures: {\n");

    assertUsageError(train(config), "broken.yml");
  }

  @Test
  void unknownLogFormatIsNamed() {
    ObjectNode config = Fixtures.example("flow");
    sectionOf(config, "input").put("format", "cvs");

    assertUsageError(train(Fixtures.write(config, tmp.resolve("fmt.yml"))), "cvs");
  }

  @Test
  void featureOnAFieldNoTrainingEventHasIsRefusedWithItsKey() {
    ObjectNode config = Fixtures.example("flow");
    ((ObjectNode) config.get("features").get("numeric").get(1)).put("field", "bytes_outt");

    Cli.Result r = train(Fixtures.write(config, tmp.resolve("absent.yml")));

    assertUsageError(
        r, "absent.yml", "features.numeric[1].field", "bytes_outt", "none of the", "remove");
  }

  // ---- inputs and labels

  @Test
  void missingInputFileIsNamedByTrain() {
    Path config = Fixtures.config("flow", 2, tmp);
    Path missing = tmp.resolve("missing-flows.csv");

    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            config.toString(),
            "--input",
            missing.toString(),
            "--model-out",
            tmp.resolve("m").toString());

    assertUsageError(r, "missing-flows.csv");
  }

  @Test
  void missingInputFileIsNamedByScoreAndEvaluate() {
    Path model = Fixtures.tiny().model();
    String missing = tmp.resolve("missing-flows.csv").toString();

    assertUsageError(
        Cli.run("score", "--model", model.toString(), "--input", missing), "missing-flows.csv");
    assertUsageError(
        Cli.run(
            "evaluate",
            "--model",
            model.toString(),
            "--input",
            missing,
            "--label-field",
            "label",
            "--normal-value",
            "normal"),
        "missing-flows.csv");
  }

  /**
   * Fails today with exit 1 and "IllegalArgumentException: Invalid value ... for paths: no file
   * matches": FileEventSource's IllegalArgumentException is not turned into a ConfigException, as a
   * missing plain file is.
   */
  @Test
  void globMatchingNothingIsAUsageError() {
    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            Fixtures.config("flow", 2, tmp).toString(),
            "--input",
            tmp.resolve("flows-*.csv").toString(),
            "--model-out",
            tmp.resolve("m").toString());

    assertUsageError(r, "flows-*.csv");
  }

  @Test
  void noNormalRowsToTrainOn() {
    Fixtures.Logs logs = Fixtures.logs("flow", 600);

    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            Fixtures.config("flow", 2, tmp).toString(),
            "--input",
            logs.train().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "benign",
            "--model-out",
            tmp.resolve("m").toString());

    assertUsageError(r, "benign", "normal training events");
    assertThat(tmp.resolve("m")).doesNotExist();
  }

  @Test
  void labelFieldThatDoesNotExistIsNamedByTrain() throws IOException {
    Path log = withoutSidecar(Fixtures.logs("flow", 600).train());

    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            Fixtures.config("flow", 2, tmp).toString(),
            "--input",
            log.toString(),
            "--label-field",
            "verdict",
            "--normal-value",
            "normal",
            "--model-out",
            tmp.resolve("m").toString());

    assertUsageError(r, "verdict");
  }

  @Test
  void labelFieldThatDoesNotExistIsNamedByEvaluate() throws IOException {
    Path log = withoutSidecar(Fixtures.logs("flow", 600).test());

    Cli.Result r =
        Cli.run(
            "evaluate",
            "--model",
            Fixtures.tiny().model().toString(),
            "--input",
            log.toString(),
            "--label-field",
            "verdict",
            "--normal-value",
            "normal");

    assertUsageError(r, "verdict");
  }

  @Test
  void evaluateTakesTheLabelsOfTheConfigOrSaysWhatIsMissing() {
    Fixtures.Trained t = Fixtures.tiny();
    String[] common = {
      "evaluate", "--model", t.model().toString(), "--input", t.logs().test().toString()
    };

    Cli.Result withConfig = Cli.run(concat(common, "--config", t.config().toString()));
    Cli.Result explicit =
        Cli.run(
            concat(
                common,
                "--label-field",
                "label",
                "--normal-value",
                "normal",
                "--class-field",
                "attack_class"));
    Cli.Result neither = Cli.run(common);

    assertThat(withConfig.exitCode()).as(withConfig.err()).isZero();
    assertThat(withConfig.out()).isEqualTo(explicit.out()).contains("AUROC");
    assertUsageError(neither, "--label-field");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void unknownBaselineIsNamed() {
    Fixtures.Trained t = Fixtures.tiny();

    Cli.Result r =
        Cli.run(
            "evaluate",
            "--model",
            t.model().toString(),
            "--input",
            t.logs().test().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "normal",
            "--baselines",
            "isolation-forest,lof");

    assertUsageError(r, "lof", "--baselines");
  }

  @Test
  void holdoutOutOfRange() {
    Cli.Result r =
        Cli.run(
            "train",
            "--config",
            Fixtures.config("flow", 2, tmp).toString(),
            "--input",
            Fixtures.logs("flow", 600).train().toString(),
            "--holdout",
            "1.5");

    assertUsageError(r, "--holdout", "1.5");
  }

  @Test
  void holdoutOnlyOnAModelTrainedWithoutHoldout() {
    Fixtures.Trained t = Fixtures.tiny();

    Cli.Result r =
        Cli.run(
            "evaluate",
            "--model",
            t.model().toString(),
            "--input",
            t.logs().test().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "normal",
            "--holdout-only");

    assertUsageError(r, "--holdout-only");
  }

  // ---- helpers

  private Cli.Result train(Path config) {
    return Cli.run(
        "train",
        "--config",
        config.toString(),
        "--input",
        Fixtures.logs("flow", 600).train().toString(),
        "--model-out",
        tmp.resolve("m").toString());
  }

  /** A copy of a generated log without its label sidecar. */
  private Path withoutSidecar(Path log) throws IOException {
    Path copy = tmp.resolve("plain-" + log.getFileName());
    Files.write(copy, Files.readAllLines(log, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    return copy;
  }

  private static ObjectNode sectionOf(ObjectNode config, String name) {
    JsonNode s = config.get(name);
    return s instanceof ObjectNode o ? o : config.putObject(name);
  }
}
