package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.cli.VaranusCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay store across a retrain: the current model's replayed events are mixed into the
 * candidate's training rows (at most retrain.replay-share of them), and the candidate's store is
 * the next generation, bounded, with the kept events of the window and none of the excluded
 * attacks. A bundle without a replay store (from before it) retrains as before and starts one.
 */
class RetrainReplayIT {

  @TempDir Path dir;

  @Test
  void theCandidateTrainsOnTheReplayAndCarriesTheNextGeneration() throws Exception {
    Path config = RetrainFixture.config(dir, 20, Map.of("retrain", Map.of("replay-size", 2000)));
    Path store = dir.resolve("store");
    RetrainFixture.trainCurrent(config, RetrainFixture.web(dir, "normal.log", 6000, 0, 41), store);
    ModelBundle current = ModelBundles.load(onlyVersion(store));
    assertThat(current.replay().events()).hasSize(2000);
    Path window = RetrainFixture.web(dir, "window.log", 5000, 0.02, 42);

    Path out = dir.resolve("retrain");
    int code = retrain(config, window, store, out);

    assertThat(code).isIn(VaranusCli.OK, VaranusCli.REFUSED);
    JsonNode counts = RetrainFixture.report(out).path("counts");
    long sampled = counts.path("training_rows_sampled").asLong();
    long replayed = counts.path("training_rows_replayed").asLong();
    // retrain.replay-share 0.3: replayed rows are at most 3/7 of the window's rows
    assertThat(replayed).isPositive().isLessThanOrEqualTo(sampled * 3 / 7);
    ModelBundle candidate = ModelBundles.load(out.resolve("candidate"));
    assertThat(candidate.manifest().provenance().retraining().replayed()).isEqualTo(replayed);
    ReplayStore next = candidate.replay();
    assertThat(next.events()).hasSize(2000);
    assertThat(next.generations()).extracting(ReplayStore.Generation::number).containsExactly(1, 2);
    ReplayStore.Generation g2 = next.generations().get(1);
    assertThat(g2.modelVersion()).isEqualTo(candidate.version());
    assertThat(g2.window()).isEqualTo(window.toString());
    assertThat(g2.offered()).isEqualTo(counts.path("kept").asLong());
    assertThat(next.seen()).isEqualTo(current.replay().seen() + g2.offered());
    assertThat(g2.events()).isPositive();
    // the window's events in the store are normal: the excluded suspected attacks are not offered
    Map<Long, String> labels = labels(window);
    List<ReplayEvent> fromWindow = next.events().stream().filter(e -> e.generation() == 2).toList();
    assertThat(fromWindow).hasSize((int) g2.events());
    long attacks =
        fromWindow.stream().filter(e -> !"normal".equals(labels.get(e.offset()))).count();
    System.out.printf(
        "replay: %d replayed rows beside %d window rows; %d of the window's %d events in the next"
            + " store are attacks%n",
        replayed, sampled, attacks, fromWindow.size());
    assertThat(attacks).isLessThanOrEqualTo(fromWindow.size() / 200);
  }

  @Test
  void aBundleWithoutAReplayStoreRetrainsAndStartsOne() throws Exception {
    Path old = RetrainFixture.config(dir, 20, Map.of("retrain", Map.of("replay-size", 0)));
    Path store = dir.resolve("store");
    RetrainFixture.trainCurrent(old, RetrainFixture.web(dir, "normal.log", 6000, 0, 43), store);
    Path currentDir = onlyVersion(store);
    assertThat(currentDir.resolve(ModelBundles.REPLAY)).doesNotExist();
    assertThat(ModelBundles.load(currentDir).replay()).isSameAs(ReplayStore.NONE);
    Path config = RetrainFixture.config(dir, 20, Map.of("retrain", Map.of("replay-size", 1500)));

    Path out = dir.resolve("retrain");
    int code = retrain(config, RetrainFixture.web(dir, "window.log", 5000, 0.02, 44), store, out);

    assertThat(code).isIn(VaranusCli.OK, VaranusCli.REFUSED);
    JsonNode counts = RetrainFixture.report(out).path("counts");
    assertThat(counts.path("training_rows_replayed").asLong()).isZero();
    ReplayStore next = ModelBundles.load(out.resolve("candidate")).replay();
    assertThat(next.events()).hasSize(1500);
    assertThat(next.generations()).singleElement().satisfies(g -> assertThat(g.number()).isOne());
    assertThat(next.seen()).isEqualTo(counts.path("kept").asLong());
  }

  private static int retrain(Path config, Path window, Path store, Path out) {
    return VaranusCli.run(
        "retrain",
        "--config",
        config.toString(),
        "--input",
        window.toString(),
        "--store",
        store.toString(),
        "--out",
        out.toString());
  }

  private static Path onlyVersion(Path store) throws Exception {
    try (var s = Files.list(store)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Line number to label, from the generator's sidecar. */
  private static Map<Long, String> labels(Path log) throws Exception {
    Map<Long, String> labels = new HashMap<>();
    List<String> lines = Files.readAllLines(Path.of(log + ".labels.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",");
      labels.put(Long.parseLong(p[0]), p[1]);
    }
    return labels;
  }
}
