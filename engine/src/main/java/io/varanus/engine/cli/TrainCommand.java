package io.varanus.engine.cli;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrainJob;
import io.varanus.engine.store.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Fit the featurizer and the VAE on normal events, calibrate the threshold and write a model"
          + " bundle.",
      "Reads log files (--input) or a range of a Kafka topic (--from-topic with --since or"
          + " --from-offsets). With --label-field, only events whose label equals --normal-value"
          + " are trained on.",
      "With --publish-to, the bundle also becomes the current version of a model store, which a"
          + " running varanus run with that pipeline.model-store swaps in."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Engine config (YAML).")
  Path config;

  @ArgGroup(exclusive = true, multiplicity = "1")
  WindowOptions window;

  @Option(
      names = "--model-out",
      defaultValue = "model",
      description = "Bundle directory (default: ${DEFAULT-VALUE}).")
  Path modelOut;

  @Option(
      names = "--label-field",
      description = "Field holding the label (or a <file>.labels.csv sidecar).")
  String labelField;

  @Option(names = "--normal-value", description = "Label value of normal events.")
  String normalValue;

  @Option(
      names = "--holdout",
      defaultValue = "0",
      description =
          "Share of events (by file name and line) kept out of training, for evaluate --holdout-only.")
  double holdout;

  @Option(
      names = "--publish-to",
      paramLabel = "STORE_DIR",
      description =
          "Also copy the bundle into this model store as a new version and make it current.")
  Path publishTo;

  @Override
  public Integer call() throws IOException {
    EngineConfig cfg = EngineConfig.load(config);
    window.check();
    String field = labelField != null ? labelField : cfg.labels().field();
    String normal = normalValue != null ? normalValue : cfg.labels().normalValue();
    if (field != null && normal == null) {
      throw new ConfigException("--label-field " + field + " needs --normal-value");
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new ConfigException("Invalid value " + holdout + " for --holdout: must be in [0, 1)");
    }
    ModelBundle bundle;
    try (Progress progress = new Progress(System.err)) {
      bundle =
          new TrainJob(cfg, Clock.systemUTC(), progress, System.err)
              .run(new TrainJob.Request(window.resolve(cfg), field, normal, holdout, modelOut));
    }
    System.err.println("wrote " + modelOut);
    if (publishTo != null) {
      Path published = new ModelStore(publishTo).publish(modelOut, bundle.version());
      System.err.println("published version " + bundle.version() + " as " + published);
    }
    return VaranusCli.OK;
  }
}
