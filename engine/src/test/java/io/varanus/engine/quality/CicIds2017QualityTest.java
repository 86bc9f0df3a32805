package io.varanus.engine.quality;

import static io.varanus.engine.quality.QualityRuns.DATASETS;
import static io.varanus.engine.quality.QualityRuns.assertAheadBeyondNoise;
import static io.varanus.engine.quality.QualityRuns.assertOperatingPoint;
import static io.varanus.engine.quality.QualityRuns.auroc;
import static io.varanus.engine.quality.QualityRuns.dataset;
import static io.varanus.engine.quality.QualityRuns.evaluate;
import static io.varanus.engine.quality.QualityRuns.lines;
import static io.varanus.engine.quality.QualityRuns.train;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.engine.quality.QualityRuns.OperatingPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIC-IDS2017 flow records (the improved labels, a stratified sample), by the protocol of {@code
 * docs/QUALITY.md}: an independent benign draw, and benign flows of one day against the later days.
 */
@Tag("dataset")
class CicIds2017QualityTest {

  @TempDir Path work;

  /**
   * CIC-IDS2017 sample: train on one random draw of benign flows, evaluate on an independent draw
   * and on every attack file.
   */
  @Test
  void cicids2017Sample() throws IOException {
    String benign = dataset("cicids2017-sample/BENIGN_5000.csv.gz");
    String otherBenign = dataset("cicids2017-sample/extra-benign-rnd2500/BENIGN_2500.csv.gz");
    List<String> eval = new ArrayList<>(List.of(otherBenign));
    eval.addAll(cicAttackFiles());
    assertThat(eval).hasSize(16);
    Path model = work.resolve("model");
    train("examples/cicids2017.yml", model, List.of(benign), null, null, "0");
    JsonNode m = evaluate(work, model, eval, "label", "BENIGN", false);

    assertThat(m.at("/context/anomalous_events").asInt()).isEqualTo(38_419);
    assertThat(m.get("auroc").asDouble()).isGreaterThanOrEqualTo(0.965);
    assertThat(m.get("auprc").asDouble()).isGreaterThanOrEqualTo(0.99);
    // 0.1912 measured with the latest 20% of the benign rows kept out of training for
    // calibration and the level floor (Isolation Forest 0.1705; 0.1706 without the floor);
    // trained on all 5,000 rows (calibration-fraction 0) the score without the floor gave 0.3179
    // (docs/QUALITY.md)
    assertThat(m.get("recall_at_fpr_0_01").asDouble()).isGreaterThanOrEqualTo(0.18);
    assertThat(m.get("recall_at_fpr_0_01").asDouble())
        .as("recall at 1% FPR against Isolation Forest's")
        .isGreaterThanOrEqualTo(m.at("/baselines/isolation-forest/recall_at_fpr_0_01").asDouble());
    // The threshold comes from the latest 1,000 of the 5,000 benign rows: FPR 0.0020 on the other
    // benign draw (0.0012 before the level floor), and at that
    // threshold DDoS recall is 0.0012 (0.93 when the threshold came from the validation rows).
    // What is held is the operating point the done criteria name: FPR within 2x the target.
    assertThat(m.get("false_positive_rate").asDouble())
        .as("measured FPR at the calibrated threshold")
        .isLessThanOrEqualTo(2 * m.at("/context/target_fpr").asDouble());
    assertThat(m.get("auroc").asDouble())
        .as("VAE ahead of both baselines")
        .isGreaterThan(auroc(m, "isolation-forest") + 0.02)
        .isGreaterThan(auroc(m, "rcf") + 0.02);
    assertAheadBeyondNoise(m, "isolation-forest");
    assertAheadBeyondNoise(m, "rcf");
  }

  /**
   * CIC-IDS2017 under shift: train on the benign flows of Monday (both benign draws), evaluate on
   * the benign flows of Tuesday to Friday and on every attack file (all on those days).
   */
  @Test
  void cicids2017MondayToLaterDays() throws IOException {
    Path monday = work.resolve("monday.csv");
    Path later = work.resolve("later.csv");
    splitByDay(
        List.of(
            Path.of(dataset("cicids2017-sample/BENIGN_5000.csv.gz")),
            Path.of(dataset("cicids2017-sample/extra-benign-rnd2500/BENIGN_2500.csv.gz"))),
        "2017-07-03",
        monday,
        later);
    List<String> eval = new ArrayList<>(List.of(later.toString()));
    eval.addAll(cicAttackFiles());
    Path model = work.resolve("model");
    train("examples/cicids2017.yml", model, List.of(monday.toString()), null, null, "0");
    JsonNode m = evaluate(work, model, eval, "label", "BENIGN", false);

    assertThat(m.at("/context/normal_events").asInt()).isEqualTo(5_659);
    assertOperatingPoint(m, OperatingPoint.CIC_SHIFT);
  }

  /** The attack files of the CIC-IDS2017 sample (every CSV that is not a benign draw), sorted. */
  private static List<String> cicAttackFiles() throws IOException {
    try (Stream<Path> files = Files.list(DATASETS.resolve("cicids2017-sample"))) {
      return files
          .map(Path::toString)
          .filter(f -> f.contains(".csv") && !f.contains("BENIGN"))
          .sorted()
          .toList();
    }
  }

  /** Benign CSV rows (header first) split by the day of their Timestamp column (the 8th). */
  private static void splitByDay(List<Path> inputs, String day, Path onDay, Path otherDays)
      throws IOException {
    try (BufferedWriter a = Files.newBufferedWriter(onDay, StandardCharsets.UTF_8);
        BufferedWriter b = Files.newBufferedWriter(otherDays, StandardCharsets.UTF_8)) {
      boolean header = false;
      for (Path in : inputs) {
        for (String line : lines(in)) {
          if (line.startsWith("id,")) {
            if (!header) {
              a.write(line + "\n");
              b.write(line + "\n");
              header = true;
            }
            continue;
          }
          (line.split(",", 9)[7].startsWith(day) ? a : b).write(line + "\n");
        }
      }
    }
  }
}
