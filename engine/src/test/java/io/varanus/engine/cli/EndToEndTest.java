package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.varanus.engine.offline.BundleScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow: train, score, evaluate and inspect through the CLI on generated web and flow logs (3,000
 * events each, 25 epochs), about a minute in all. The models are shared through {@link Fixtures}.
 */
@Tag("slow")
class EndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> SCORE_KEYS =
      Set.of(
          "origin", "score", "grade", "threshold", "anomalous", "model_version", "contributions");

  private static final Set<String> METRIC_KEYS =
      Set.of(
          "auroc", "auprc", "recall_at_fpr_0_001", "recall_at_fpr_0_01", "threshold", "per_class");

  @ParameterizedTest
  @ValueSource(strings = {"web", "flow"})
  void scoreWritesOneJsonLinePerEvent(String stream, @TempDir Path tmp) throws IOException {
    Fixtures.Trained t = Fixtures.trained(stream);
    assertThat(t.result().err()).contains("wrote " + t.model());
    Path out = tmp.resolve("scores.jsonl");

    Cli.Result r =
        Cli.run(
            "score",
            "--model",
            t.model().toString(),
            "--input",
            t.logs().test().toString(),
            "--output",
            out.toString());

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).contains("scored " + t.logs().testEvents() + " events");
    String version = manifest(t.model()).get("modelVersion").asText();
    double threshold = threshold(t.model());
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize((int) t.logs().testEvents());
    Set<Long> seenLines = new HashSet<>();
    int anomalous = 0;
    for (String line : lines) {
      JsonNode j = JSON.readTree(line);
      assertThat(j.isObject()).as(line).isTrue();
      assertThat(names(j)).as(line).containsAll(SCORE_KEYS);
      assertThat(j.get("origin").get("source").asText()).isEqualTo(t.logs().test().toString());
      assertThat(seenLines.add(j.get("origin").get("line").asLong())).as(line).isTrue();
      assertThat(j.get("score").isNumber()).as(line).isTrue();
      assertThat(Double.isFinite(j.get("score").asDouble())).as(line).isTrue();
      assertThat(j.get("grade").isNumber()).as(line).isTrue();
      // printed numbers carry four significant digits
      assertThat(j.get("threshold").asDouble()).as(line).isEqualTo(BundleScorer.round(threshold));
      assertThat(j.get("anomalous").isBoolean()).as(line).isTrue();
      assertThat(j.get("model_version").asText()).isEqualTo(version);
      JsonNode contributions = j.get("contributions");
      assertThat(contributions.isArray() && !contributions.isEmpty()).as(line).isTrue();
      double shares = 0;
      for (JsonNode c : contributions) {
        assertThat(names(c)).as(line).contains("feature", "share", "value", "expected");
        assertThat(c.get("feature").asText()).as(line).isNotBlank();
        assertThat(c.get("share").asDouble()).as(line).isBetween(0.0, 1.0);
        shares += c.get("share").asDouble();
      }
      assertThat(shares).as(line).isLessThanOrEqualTo(1.001);
      anomalous += j.get("anomalous").asBoolean() ? 1 : 0;
    }
    assertThat(anomalous).as("anomalous events of %d", lines.size()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "flow"})
  void evaluateWritesMetricsAndReport(String stream, @TempDir Path tmp) throws IOException {
    Fixtures.Trained t = Fixtures.trained(stream);
    Path report = tmp.resolve("report");

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
            "isolation-forest,rcf",
            "--report",
            report.toString());

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).contains("vae", "isolation-forest", "rcf");
    JsonNode metrics = JSON.readTree(report.resolve("metrics.json").toFile());
    assertThat(names(metrics)).containsAll(METRIC_KEYS).contains("baselines");
    assertThat(names(metrics.get("baselines")))
        .containsExactlyInAnyOrder("isolation-forest", "rcf");
    assertWithinInterval(metrics.get("auroc").asDouble(), metrics.get("auroc_ci_95"));
    for (JsonNode b : metrics.get("baselines")) {
      assertThat(names(b)).containsAll(METRIC_KEYS);
      assertThat(b.get("auroc").asDouble()).isBetween(0.0, 1.0);
      assertWithinInterval(b.get("auroc").asDouble(), b.get("auroc_ci_95"));
      JsonNode d = b.get("vae_auroc_difference");
      assertThat(d.get("estimate").asDouble())
          .isCloseTo(metrics.get("auroc").asDouble() - b.get("auroc").asDouble(), within(1e-12));
      assertWithinInterval(d.get("estimate").asDouble(), d.get("ci_95"));
    }
    assertThat(r.out()).contains("AUROC 95% interval", "VAE AUROC minus each baseline's");
    assertThat(metrics.get("auroc").asDouble()).as("VAE AUROC on %s", stream).isGreaterThan(0.95);
    assertThat(metrics.get("auprc").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("threshold").asDouble()).isCloseTo(threshold(t.model()), pct(0.01));
    assertThat(metrics.get("per_class").isObject() && !metrics.get("per_class").isEmpty())
        .as("per_class %s", metrics.get("per_class"))
        .isTrue();
    for (String f : List.of("report.html", "roc.png", "pr.png", "scores.png")) {
      assertThat(report.resolve(f)).as(f).isNotEmptyFile();
    }
    for (String png : List.of("roc.png", "pr.png", "scores.png")) {
      byte[] head = new byte[4];
      System.arraycopy(Files.readAllBytes(report.resolve(png)), 0, head, 0, 4);
      assertThat(head).as(png).containsExactly(0x89, 'P', 'N', 'G');
    }
    assertThat(Files.readString(report.resolve("report.html")))
        .contains("roc.png", "pr.png", "scores.png");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "flow"})
  void inspectPrintsTheModelVersion(String stream) throws IOException {
    Fixtures.Trained t = Fixtures.trained(stream);

    Cli.Result r = Cli.run("inspect", "--model", t.model().toString());

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out()).contains(manifest(t.model()).get("modelVersion").asText(), "threshold");
  }

  @Test
  void trainingTwiceWithTheSameSeedGivesIdenticalWeights(@TempDir Path tmp) throws IOException {
    Fixtures.Trained first = Fixtures.trained("flow");

    Fixtures.Trained second =
        Fixtures.trainWith(first.logs(), first.config(), tmp.resolve("again"));

    for (String f : List.of("vae-weights.bin", "featurizer.json", "training-sample.bin")) {
      assertThat(Files.mismatch(first.model().resolve(f), second.model().resolve(f)))
          .as("first byte where %s differs", f)
          .isEqualTo(-1L);
    }
  }

  private static void assertWithinInterval(double estimate, JsonNode ci) {
    assertThat(ci.isArray() && ci.size() == 2).as("interval %s", ci).isTrue();
    assertThat(ci.get(0).asDouble()).as("low of %s", ci).isLessThanOrEqualTo(estimate);
    assertThat(ci.get(1).asDouble()).as("high of %s", ci).isGreaterThanOrEqualTo(estimate);
  }

  static JsonNode manifest(Path model) throws IOException {
    return JSON.readTree(model.resolve("manifest.json").toFile());
  }

  /** The calibrated threshold, from the VAE's model file. */
  private static double threshold(Path model) throws IOException {
    JsonNode vae = JSON.readTree(model.resolve("vae.json").toFile());
    JsonNode t = vae.path("calibration").path("threshold");
    assertThat(t.isNumber()).as("calibration.threshold in vae.json: %s", t).isTrue();
    return t.asDouble();
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static org.assertj.core.data.Percentage pct(double p) {
    return org.assertj.core.data.Percentage.withPercentage(p);
  }
}
