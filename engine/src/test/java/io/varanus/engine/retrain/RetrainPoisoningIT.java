package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.engine.cli.VaranusCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, poisoning: an attack campaign is 2% of the retraining window. Retrained with exclusion,
 * the candidate's recall on those attacks (in labelled validation traffic) stays within 5 points of
 * the current model's; retrained on everything, it drops by what this test prints (README records
 * both).
 */
class RetrainPoisoningIT {

  @TempDir Path dir;

  @Test
  void exclusionKeepsRecallThatPoisoningCosts() throws Exception {
    Path config =
        RetrainFixture.config(
            dir, 40, Map.of("retrain", Map.of("gate", Map.of("max-recall-drop", 1.0))));
    Path store = dir.resolve("store");
    RetrainFixture.trainCurrent(config, RetrainFixture.web(dir, "normal.log", 8000, 0, 21), store);
    Path window = RetrainFixture.web(dir, "window.log", 12000, 0.02, 22);
    Path validation = RetrainFixture.web(dir, "validation.log", 6000, 0.05, 23);

    JsonNode excluded = retrain(config, store, window, validation, "excluded", false);
    JsonNode poisoned = retrain(config, store, window, validation, "poisoned", true);

    double current = recall(excluded, "current");
    double withExclusion = recall(excluded, "candidate");
    double withoutExclusion = recall(poisoned, "candidate");
    long suspected = excluded.path("counts").path("excluded_by_score").asLong();
    System.out.printf(
        "poisoning: 2%% attacks in the window; validation recall at the calibrated threshold:"
            + " current %.4f, retrained with exclusion %.4f (%d events excluded), without"
            + " exclusion %.4f%n",
        current, withExclusion, suspected, withoutExclusion);
    assertThat(recall(poisoned, "current")).isEqualTo(current);
    assertThat(suspected).isPositive();
    assertThat(withExclusion).isGreaterThanOrEqualTo(current - 0.05);
    assertThat(withExclusion).isGreaterThanOrEqualTo(withoutExclusion);
    // The candidate's threshold comes from held-back events the current model did not alert on
    // and its lowest-graded alerts, as many as its target FPR predicts to be false (see
    // CandidateThreshold): from the first alone the candidate alerted on more of the normal
    // validation traffic than the current model (0.0112 against 0.0071), and each retrain
    // compounded it.
    double fprCurrent = falsePositiveRate(excluded, "current");
    double fprCandidate = falsePositiveRate(excluded, "candidate");
    System.out.printf(
        "false-positive rate on validation: current %.4f, retrained %.4f%n",
        fprCurrent, fprCandidate);
    assertThat(fprCandidate).isLessThanOrEqualTo(1.25 * fprCurrent + 0.001);

    JsonNode v = excluded.path("comparison").path("validation");
    JsonNode d = v.path("candidate_minus_current_auroc");
    assertThat(d.path("estimate").asDouble())
        .isCloseTo(
            v.path("candidate").path("auroc").asDouble()
                - v.path("current").path("auroc").asDouble(),
            within(1e-12));
    assertThat(d.path("ci_95").path(0).asDouble())
        .isLessThanOrEqualTo(d.path("estimate").asDouble());
    assertThat(d.path("ci_95").path(1).asDouble())
        .isGreaterThanOrEqualTo(d.path("estimate").asDouble());
  }

  private static double falsePositiveRate(JsonNode report, String side) {
    return report
        .path("comparison")
        .path("validation")
        .path(side)
        .path("false_positive_rate")
        .asDouble(-1);
  }

  private JsonNode retrain(
      Path config, Path store, Path window, Path validation, String name, boolean noExclude)
      throws Exception {
    Path out = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "retrain",
                "--config",
                config.toString(),
                "--input",
                window.toString(),
                "--store",
                store.toString(),
                "--current",
                firstVersion(store).toString(),
                "--validation",
                validation.toString(),
                "--out",
                out.toString()));
    if (noExclude) {
      args.add("--no-exclude");
    }
    int code = VaranusCli.run(args.toArray(String[]::new));
    assertThat(code).as("retrain %s exit code", name).isIn(VaranusCli.OK, VaranusCli.REFUSED);
    return RetrainFixture.report(out);
  }

  /** The model trained first: both candidates are compared with it, not with each other. */
  private static Path firstVersion(Path store) throws Exception {
    try (var s = Files.list(store)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .findFirst()
          .orElseThrow();
    }
  }

  private static double recall(JsonNode report, String side) {
    return report.path("comparison").path("validation").path(side).path("recall").asDouble(-1);
  }
}
