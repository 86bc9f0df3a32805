package io.varanus.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.eval.DetectionMetrics;
import io.varanus.engine.eval.IsolationForest;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's Isolation Forest against scikit-learn's on the same featurized NSL-KDD rows: both
 * fitted on the bundle's training sample (as {@code evaluate --baselines} does), both scoring the
 * 20% hold-out, AUROC averaged over five seeds on each side. Needs {@code /usr/bin/python3} with
 * scikit-learn ({@code apt-get install -y python3-sklearn}); skipped without it or without the
 * data.
 */
@Tag("dataset")
class IsolationForestVsSklearnTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final long[] SEEDS = LongStream.rangeClosed(1, 5).toArray();

  @TempDir Path work;

  @Test
  void aurocWithinOneHundredthOfScikitLearn() throws Exception {
    String data = QualityRuns.dataset("nsl-kdd/KDDTrain+.txt.gz");
    assumeTrue(sklearnAvailable(), PYTHON + " cannot import sklearn");

    // Only the featurizer and the training sample matter here, and neither depends on the VAE's
    // epochs: train it for one epoch.
    Path config = work.resolve("nsl-kdd.yml");
    String yaml = Files.readString(Path.of("examples/nsl-kdd.yml"));
    Files.writeString(config, yaml.replace("\nmodel:\n", "\nmodel:\n  max-epochs: 1\n"));
    Path model = work.resolve("model");
    QualityRuns.train(config.toString(), model, List.of(data), "label", "normal", "0.2");
    ModelBundle bundle = ModelBundles.load(model);

    float[][] train = bundle.trainingSample();
    List<float[]> rows = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    Provenance p = bundle.manifest().provenance();
    BundleScorer featurizer = new BundleScorer(bundle, Clock.systemUTC(), null, 0);
    new EventReader(bundle.input(), List.of(data), "label", null)
        .forEach(
            e -> {
              if (EventReader.splitHash(e.event().origin(), p.holdoutSeed())
                  < p.holdoutFraction()) {
                rows.add(featurizer.featurize(e));
                labels.add(!"normal".equals(e.label()));
              }
            });
    float[][] eval = rows.toArray(float[][]::new);
    boolean[] anomalous = new boolean[eval.length];
    for (int i = 0; i < anomalous.length; i++) {
      anomalous[i] = labels.get(i);
    }
    assertThat(train.length).isGreaterThan(10_000);
    assertThat(eval.length).isGreaterThan(20_000);

    double java = 0;
    for (long seed : SEEDS) {
      IsolationForest forest = IsolationForest.fit(train, seed);
      double[] scores = new double[eval.length];
      for (int i = 0; i < eval.length; i++) {
        scores[i] = forest.score(eval[i]);
      }
      java += new DetectionMetrics(scores, anomalous).auroc() / SEEDS.length;
    }
    double sklearn = sklearnAuroc(train, eval, anomalous);
    System.out.printf(
        "Isolation Forest AUROC on %d x %d hold-out rows (mean of %d seeds): varanus %.4f,"
            + " scikit-learn %.4f%n",
        eval.length, eval[0].length, SEEDS.length, java, sklearn);
    assertThat(java).isCloseTo(sklearn, within(0.01));
  }

  private double sklearnAuroc(float[][] train, float[][] eval, boolean[] anomalous)
      throws IOException, InterruptedException {
    Path trainCsv = work.resolve("train.csv");
    Path evalCsv = work.resolve("eval.csv");
    write(trainCsv, train, null);
    write(evalCsv, eval, anomalous);
    Path script = work.resolve("sklearn_iforest.py");
    try (InputStream in = getClass().getResourceAsStream("/quality/sklearn_iforest.py")) {
      Files.copy(in, script);
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(PYTHON.toString(), script.toString(), trainCsv.toString(), evalCsv.toString()));
    for (long seed : SEEDS) {
      cmd.add(Long.toString(seed));
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(10, TimeUnit.MINUTES)).as("python finished").isTrue();
    assertThat(proc.exitValue()).as("python exit code; output:%n%s", out).isZero();
    System.out.print(out);
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("mean ");
    return Double.parseDouble(last.substring("mean ".length()));
  }

  private static void write(Path file, float[][] rows, boolean[] labels) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < rows.length; i++) {
        StringBuilder line = new StringBuilder();
        if (labels != null) {
          line.append(labels[i] ? '1' : '0').append(',');
        }
        for (int j = 0; j < rows[i].length; j++) {
          if (j > 0) {
            line.append(',');
          }
          line.append(rows[i][j]);
        }
        w.write(line.toString());
        w.newLine();
      }
    }
  }

  private static boolean sklearnAvailable() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import sklearn")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
