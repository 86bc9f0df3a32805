package io.varanus.engine.cli;

import static io.varanus.engine.cli.Cli.assertUsageError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.bundle.ReplayStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay store in a bundle: {@code train} writes its first generation (a bounded sample of the
 * normal training events with the source's CSV header), the manifest's checksums cover it, and a
 * bundle from before the replay store (no file, no manifest entry) still loads and scores.
 */
class BundleReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void trainWritesTheFirstGenerationWithItsProvenance() throws IOException {
    Path dir = Fixtures.tiny().model();
    ModelBundle bundle = ModelBundles.load(dir);
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
    ReplayStore replay = bundle.replay();

    assertThat(manifest.path("files").has(ModelBundles.REPLAY)).isTrue();
    assertThat(replay.capacity()).isEqualTo(5000);
    // the tiny model trains on 600 flow records, 5% attacks: every normal event fits in the store
    long normal = manifest.path("provenance").path("normalEvents").asLong();
    assertThat(replay.events()).hasSize((int) normal);
    assertThat(replay.seen()).isEqualTo(normal);
    assertThat(manifest.path("replay").path("size").asInt()).isEqualTo(replay.events().size());
    assertThat(replay.generations()).hasSize(1);
    ReplayStore.Generation g = replay.generations().get(0);
    assertThat(g.number()).isEqualTo(1);
    assertThat(g.modelVersion()).isEqualTo(bundle.version());
    assertThat(g.window()).isEqualTo(Fixtures.tiny().logs().train().toString());
    assertThat(g.events()).isEqualTo(normal);
    // the CSV header line travels with the events, so that they parse again without the file
    assertThat(replay.headers()).singleElement().satisfies(h -> assertThat(h.offset()).isOne());
    assertThat(replay.events()).allMatch(e -> !e.header() && e.offset() > 1 && e.time() != null);
    ReplayEvent first = replay.events().get(0);
    String line = Files.readAllLines(Fixtures.tiny().logs().train()).get((int) first.offset() - 1);
    assertThat(first.raw()).isEqualTo(line);
  }

  @Test
  void theChecksumCoversTheReplayStore() throws IOException {
    Path model = Fixtures.copy(Fixtures.tiny().model(), tmp.resolve("copy"));
    Path replay = model.resolve(ModelBundles.REPLAY);
    byte[] b = Files.readAllBytes(replay);
    b[b.length / 2] ^= 0x01;
    Files.write(replay, b);

    assertUsageError(scoreWith(model), ModelBundles.REPLAY, "checksum");
  }

  @Test
  void aReplaySummaryWithoutItsFileChecksumIsRefused() throws IOException {
    Path model = Fixtures.copy(Fixtures.tiny().model(), tmp.resolve("copy"));
    ObjectNode manifest = (ObjectNode) JSON.readTree(model.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("files")).remove(ModelBundles.REPLAY);
    JSON.writeValue(model.resolve("manifest.json").toFile(), manifest);

    assertUsageError(scoreWith(model), "manifest.json", ModelBundles.REPLAY);
  }

  @Test
  void aBundleFromBeforeTheReplayStoreLoadsAndScores() throws IOException {
    Path model = Fixtures.copy(Fixtures.tiny().model(), tmp.resolve("old"));
    Files.delete(model.resolve(ModelBundles.REPLAY));
    ObjectNode manifest = (ObjectNode) JSON.readTree(model.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("files")).remove(ModelBundles.REPLAY);
    manifest.remove("replay");
    JSON.writeValue(model.resolve("manifest.json").toFile(), manifest);

    assertThat(ModelBundles.load(model).replay()).isSameAs(ReplayStore.NONE);
    Cli.Result r = scoreWith(model);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out().lines().count()).isEqualTo(Fixtures.tiny().logs().testEvents());
  }

  private Cli.Result scoreWith(Path model) {
    return Cli.run(
        "score", "--model", model.toString(), "--input", Fixtures.tiny().logs().test().toString());
  }
}
