package io.varanus.engine.quality;

import static io.varanus.engine.quality.QualityRuns.assertAheadBeyondNoise;
import static io.varanus.engine.quality.QualityRuns.assertNotBehindBeyondNoise;
import static io.varanus.engine.quality.QualityRuns.assertOperatingPoint;
import static io.varanus.engine.quality.QualityRuns.auroc;
import static io.varanus.engine.quality.QualityRuns.dataset;
import static io.varanus.engine.quality.QualityRuns.evaluate;
import static io.varanus.engine.quality.QualityRuns.lines;
import static io.varanus.engine.quality.QualityRuns.train;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.quality.QualityRuns.OperatingPoint;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection quality on public labelled data, by the protocol of {@code docs/QUALITY.md}: train and
 * evaluate through the CLI with the example configs, read {@code metrics.json}, and hold the VAE
 * and the baselines to floors a little below what was measured. Where a baseline measured better
 * than the VAE the assertion says so. NSL-KDD, Loghub BGL and the generator streams here,
 * CIC-IDS2017 in {@link CicIds2017QualityTest}; a missing data set skips its test ({@link
 * QualityRuns#dataset}).
 */
@Tag("dataset")
class DatasetQualityTest {

  @TempDir Path work;

  /**
   * NSL-KDD: normal rows of 80% of KDDTrain+ for training, the other 20% for evaluation. Recall per
   * attack category (DoS, Probe, R2L, U2R) comes from a {@code <file>.labels.csv} sidecar next to a
   * link to the data file: evaluate reads labels from a sidecar when the event lacks the label
   * field. The link keeps the file name, so the hold-out split is the same.
   */
  @Test
  void nslKddHoldout() throws IOException {
    Path data = linkWithCategories(Path.of(dataset("nsl-kdd/KDDTrain+.txt.gz")));
    Path model = work.resolve("model");
    train("examples/nsl-kdd.yml", model, List.of(data.toString()), "label", "normal", "0.2");
    JsonNode m = evaluate(work, model, List.of(data.toString()), "attack_category", "normal", true);

    assertThat(m.at("/context/events_scored").asInt()).isBetween(24_000, 26_500);
    assertThat(m.get("auroc").asDouble()).isGreaterThanOrEqualTo(0.975);
    assertThat(m.get("auprc").asDouble()).isGreaterThanOrEqualTo(0.975);
    assertThat(m.get("recall_at_fpr_0_01").asDouble()).isGreaterThanOrEqualTo(0.75);
    assertThat(m.get("f1").asDouble()).isGreaterThanOrEqualTo(0.85);
    assertThat(m.at("/per_class/DoS").asDouble()).isGreaterThanOrEqualTo(0.90);
    assertThat(m.at("/per_class/Probe").asDouble()).isGreaterThanOrEqualTo(0.28);
    assertThat(auroc(m, "isolation-forest")).isGreaterThanOrEqualTo(0.965);
    assertThat(auroc(m, "rcf")).isGreaterThanOrEqualTo(0.965);
    assertThat(m.get("auroc").asDouble())
        .as("VAE ahead of both baselines")
        .isGreaterThan(auroc(m, "isolation-forest"))
        .isGreaterThan(auroc(m, "rcf"));
    // measured at 7643f2a: +0.0041 [+0.0030, +0.0051] and +0.0082 [+0.0073, +0.0091]
    assertAheadBeyondNoise(m, "isolation-forest");
    assertAheadBeyondNoise(m, "rcf");
  }

  /**
   * NSL-KDD under shift: train on the normal rows of KDDTrain+_20Percent, evaluate on the rows of
   * KDDTrain+ that are not in it. The operating point is what is held: recall at 1% FPR, the
   * measured FPR at the calibrated threshold against the target, and no mass of normal events tied
   * at the top score.
   */
  @Test
  void nslKddTwentyPercentToTheRest() throws IOException {
    String small = dataset("nsl-kdd/KDDTrain+_20Percent.txt.gz");
    Path rest = rowsNotIn(Path.of(dataset("nsl-kdd/KDDTrain+.txt.gz")), Path.of(small));
    Path model = work.resolve("model");
    train("examples/nsl-kdd.yml", model, List.of(small), "label", "normal", "0");
    JsonNode m = evaluate(work, model, List.of(rest.toString()), "label", "normal", false);

    assertThat(m.at("/context/events_scored").asInt()).isEqualTo(100_781);
    assertOperatingPoint(m, OperatingPoint.NSL_KDD_SHIFT);
    // with the level floor: +0.0114 [+0.0108, +0.0119] over Isolation Forest (behind by 0.0095
    // without it)
    assertAheadBeyondNoise(m, "isolation-forest");
    assertAheadBeyondNoise(m, "rcf");
  }

  /** The rows of {@code all} (gzip) that are not in {@code part} (gzip), as a gzip file. */
  private Path rowsNotIn(Path all, Path part) throws IOException {
    java.util.Set<String> seen = new java.util.HashSet<>(lines(part));
    Path out = work.resolve("rest.txt.gz");
    try (BufferedWriter w =
        new BufferedWriter(
            new java.io.OutputStreamWriter(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(out)),
                StandardCharsets.UTF_8))) {
      for (String line : lines(all)) {
        if (!seen.contains(line)) {
          w.write(line);
          w.write('\n');
        }
      }
    }
    return out;
  }

  /** The standard NSL-KDD attack-to-category mapping (Tavallaee et al. 2009). */
  private static final Map<String, String> NSL_KDD_CATEGORIES = nslKddCategories();

  private static Map<String, String> nslKddCategories() {
    Map<String, String> m = new HashMap<>();
    for (String a :
        "back land neptune pod smurf teardrop apache2 mailbomb processtable udpstorm".split(" ")) {
      m.put(a, "DoS");
    }
    for (String a : "ipsweep nmap portsweep satan mscan saint".split(" ")) {
      m.put(a, "Probe");
    }
    for (String a :
        ("ftp_write guess_passwd imap multihop phf spy warezclient warezmaster named sendmail"
                + " snmpgetattack snmpguess worm xlock xsnoop")
            .split(" ")) {
      m.put(a, "R2L");
    }
    for (String a :
        "buffer_overflow loadmodule perl rootkit ps sqlattack xterm httptunnel".split(" ")) {
      m.put(a, "U2R");
    }
    return m;
  }

  /** A link to the data file in the work directory, with a sidecar of categories by line. */
  private Path linkWithCategories(Path data) throws IOException {
    Path link = work.resolve(data.getFileName());
    Files.createSymbolicLink(link, data.toAbsolutePath());
    Path sidecar = work.resolve(data.getFileName() + ".labels.csv");
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(sidecar, StandardCharsets.UTF_8)) {
      out.write("line,label,attack_class\n");
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        String[] cols = line.split(",");
        String label = cols[41];
        String category =
            label.equals("normal") ? "normal" : NSL_KDD_CATEGORIES.getOrDefault(label, "unknown");
        out.write(++n + "," + category + "," + category + "\n");
      }
    }
    return link;
  }

  /** Loghub BGL 2k: normal lines of one half for training, the other half for evaluation. */
  @Test
  void bgl2kHoldout() throws IOException {
    String data = dataset("loghub/BGL/BGL_2k.log");
    Path model = work.resolve("model");
    train("examples/bgl.yml", model, List.of(data), "label", "-", "0.5");
    JsonNode m = evaluate(work, model, List.of(data), "label", "-", true);

    assertThat(m.at("/context/anomalous_events").asInt()).isBetween(50, 90);
    assertThat(m.get("auroc").asDouble()).isGreaterThanOrEqualTo(0.985);
    assertThat(m.get("auprc").asDouble()).isGreaterThanOrEqualTo(0.75);
    assertThat(m.get("recall_at_fpr_0_01").asDouble()).isGreaterThanOrEqualTo(0.2);
    assertThat(m.get("recall").asDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(m.get("auroc").asDouble())
        .as("VAE ahead of Isolation Forest")
        .isGreaterThan(auroc(m, "isolation-forest") + 0.05);
    assertAheadBeyondNoise(m, "isolation-forest");
    // Measured with the text feature's novelty column: RCF 0.98759 against the VAE's 0.98753,
    // paired interval of the difference [-0.0007, +0.0004] at 7643f2a: a tie, not a lead for the
    // VAE. Before the column: RCF 0.9868, VAE 0.9860.
    assertNotBehindBeyondNoise(m, "rcf");
  }

  /**
   * The generator's ssh, web and flow streams, by the demo's protocol: 20,000 events with 3%
   * attacks per window, train on the normal events of a warm-up window, evaluate on a window a week
   * later with another seed. No data set needed, but slow, hence the tag.
   */
  @Test
  void generatorStreams() throws IOException {
    Instant start = Instant.parse("2024-03-04T00:00:00Z");
    Map<String, JsonNode> metrics = new LinkedHashMap<>();
    for (String stream : List.of("ssh", "web", "flow")) {
      LogStream s = LogStream.of(stream);
      String ext = s == LogStream.FLOW ? ".csv" : ".log";
      Path warmUp = work.resolve(stream + "-warmup" + ext);
      Path later = work.resolve(stream + "-later" + ext);
      LabeledLogWriter.write(new GeneratorConfig(s, 20_000, 0.03, start, 1), warmUp);
      LabeledLogWriter.write(
          new GeneratorConfig(s, 20_000, 0.03, start.plus(Duration.ofDays(7)), 1001), later);
      Path model = work.resolve(stream + "-model");
      train(
          "examples/" + stream + ".yml", model, List.of(warmUp.toString()), "label", "normal", "0");
      JsonNode m = evaluate(work, model, List.of(later.toString()), "label", "normal", false);
      System.out.println(stream + " metrics.json: " + m);
      metrics.put(stream, m);
    }
    metrics.forEach(
        (stream, m) -> {
          assertThat(m.get("auroc").asDouble()).as(stream + " AUROC").isGreaterThanOrEqualTo(0.995);
          assertThat(m.get("auprc").asDouble()).as(stream + " AUPRC").isGreaterThanOrEqualTo(0.985);
          assertThat(m.get("recall").asDouble())
              .as(stream + " recall")
              .isGreaterThanOrEqualTo(0.95);
          assertThat(m.get("auroc").asDouble())
              .as(stream + ": VAE ahead of Isolation Forest")
              .isGreaterThan(auroc(m, "isolation-forest"));
          assertAheadBeyondNoise(m, "isolation-forest");
          // Measured at 7643f2a: the VAE ahead of RCF on all three (ssh +0.0004 [+0.0002,
          // +0.0005]; web and flow +0.0001 [+0.0000, +0.0001]); web and flow by a handful of
          // misordered pairs near an AUROC of 1, so the check is that the VAE is not behind.
          assertNotBehindBeyondNoise(m, "rcf");
        });
  }
}
