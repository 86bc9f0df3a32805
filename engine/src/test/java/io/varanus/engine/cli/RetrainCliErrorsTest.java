package io.varanus.engine.cli;

import static io.varanus.engine.cli.Cli.assertUsageError;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mistakes users make with {@code varanus retrain}: exit code 2 and a message that names the
 * option, value or file, before any model is trained.
 */
class RetrainCliErrorsTest {

  @TempDir Path tmp;

  private Cli.Result retrain(Path config, String... args) {
    List<String> all = new ArrayList<>(List.of("retrain", "--config", config.toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private Path flowConfig() {
    return Fixtures.write(Fixtures.example("flow"), tmp.resolve("flow.yml"));
  }

  @Test
  void aWindowIsRequired() {
    assertUsageError(retrain(flowConfig(), "--store", tmp.toString()), "--input", "--from-topic");
  }

  @Test
  void aTopicNeedsAStart() {
    assertUsageError(
        retrain(flowConfig(), "--from-topic", "logs", "--store", tmp.toString()),
        "--from-topic needs either --since");
  }

  @ParameterizedTest
  @CsvSource({
    "--since, yesterday, Invalid value 'yesterday' for --since",
    "--from-offsets, 0=5, expected PARTITION:OFFSET pairs",
    "--from-offsets, '0:5,0:6', each partition once",
    "--to-offsets, 1:-4, Invalid value '1:-4' for --to-offsets"
  })
  void badWindowValuesAreNamed(String option, String value, String message) {
    assertUsageError(
        retrain(flowConfig(), "--from-topic", "logs", option, value, "--store", tmp.toString()),
        message);
  }

  @Test
  void anEmptyStoreNeedsACurrentModel() {
    Path log = Fixtures.logs("flow", 3000).test();
    assertUsageError(
        retrain(flowConfig(), "--input", log.toString(), "--store", tmp.resolve("s").toString()),
        "holds no model yet",
        "--current");
  }

  @Test
  void aDryRunCannotBeForced() {
    Path log = Fixtures.logs("flow", 3000).test();
    assertUsageError(
        retrain(
            flowConfig(),
            "--input",
            log.toString(),
            "--store",
            tmp.toString(),
            "--dry-run",
            "--force"),
        "--dry-run",
        "--force");
  }

  @Test
  void aStoreIsRequired() {
    Path log = Fixtures.logs("flow", 3000).test();
    assertUsageError(retrain(flowConfig(), "--input", log.toString()), "--store DIR");
  }

  @Test
  void aBadAllowListNamesTheFileAndLine() throws Exception {
    Fixtures.Trained tiny = Fixtures.tiny();
    Path allow = tmp.resolve("allow.txt");
    Files.writeString(allow, "source.ip=10.0.0.1\nport 22\n");
    assertUsageError(
        retrain(
            tiny.config(),
            "--input",
            tiny.logs().test().toString(),
            "--current",
            tiny.model().toString(),
            "--store",
            tmp.resolve("s").toString(),
            "--allow-list",
            allow.toString()),
        "allow.txt:2",
        "'port'");
  }

  @Test
  void unknownGateLimitsAreNamedWithTheirPath() {
    ObjectNode config = Fixtures.example("flow");
    config.putObject("retrain").putObject("gate").put("max-drift", 0.1);
    Path file = Fixtures.write(config, tmp.resolve("typo.yml"));
    assertUsageError(
        retrain(file, "--input", "x.log", "--store", tmp.toString()),
        "unknown key retrain.gate.max-drift",
        "max-score-drift");
  }

  @Test
  void validationNeedsLabels() {
    ObjectNode config = Fixtures.example("flow");
    config.remove("labels");
    Path file = Fixtures.write(config, tmp.resolve("nolabels.yml"));
    assertUsageError(
        retrain(file, "--input", "x.log", "--store", tmp.toString(), "--validation", "v.log"),
        "--validation needs --label-field and --normal-value");
  }
}
