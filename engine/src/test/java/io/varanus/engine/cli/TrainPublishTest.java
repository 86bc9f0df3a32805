package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.store.LiveModel;
import io.varanus.engine.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code train --publish-to}: the new bundle becomes the store's current version. */
class TrainPublishTest {

  @Test
  void publishedBundlesBecomeCurrentAndARunningModelSwapsThemIn() throws Exception {
    Path dir = Fixtures.root().resolve("publish");
    Path config = Fixtures.config("flow", 2, dir);
    Path store = dir.resolve("store");

    Cli.Result first = train(Fixtures.logs("flow", 600), config, dir.resolve("m1"), store);
    assertThat(first.exitCode()).as("%s", first).isZero();
    String v1 = ModelBundles.load(dir.resolve("m1")).version();
    assertThat(first.err()).contains("published version " + v1);
    assertThat(first.err())
        .as("two epochs cannot converge")
        .contains("note: model.max-epochs: training ran all 2 epochs");
    ModelStore models = new ModelStore(store);
    assertThat(models.currentVersion()).contains(v1);
    assertThat(store.resolve(v1).resolve(ModelBundles.MANIFEST)).isRegularFile();

    EngineConfig cfg = EngineConfig.load(config);
    LiveModel running =
        LiveModel.fromStore(models, cfg.input(), Clock.systemUTC(), Duration.ZERO, null, 3);
    assertThat(running.current().version()).isEqualTo(v1);

    Cli.Result second = train(Fixtures.logs("flow", 700), config, dir.resolve("m2"), store);
    assertThat(second.exitCode()).as("%s", second).isZero();
    String v2 = ModelBundles.load(dir.resolve("m2")).version();
    assertThat(v2).isNotEqualTo(v1);
    assertThat(models.currentVersion()).contains(v2);
    assertThat(models.versions()).containsExactlyInAnyOrder(v1, v2);
    assertThat(running.maybeSwap()).isTrue();
    assertThat(running.current().version()).isEqualTo(v2);
  }

  @Test
  void aStoreThatCannotBeWrittenFailsAfterTheBundleIsWritten() throws Exception {
    Path dir = Fixtures.root().resolve("publish-bad");
    Path config = Fixtures.config("flow", 2, dir);
    Path notADir = Files.writeString(dir.resolve("store"), "a file");
    Cli.Result r = train(Fixtures.logs("flow", 600), config, dir.resolve("m"), notADir);
    assertThat(r.exitCode()).as("%s", r).isEqualTo(VaranusCli.FAILURE);
    assertThat(r.err()).contains("wrote " + dir.resolve("m")).contains(notADir.toString());
  }

  private static Cli.Result train(Fixtures.Logs logs, Path config, Path out, Path store) {
    return Cli.run(
        "train",
        "--config",
        config.toString(),
        "--input",
        logs.train().toString(),
        "--label-field",
        "label",
        "--normal-value",
        "normal",
        "--model-out",
        out.toString(),
        "--publish-to",
        store.toString());
  }
}
