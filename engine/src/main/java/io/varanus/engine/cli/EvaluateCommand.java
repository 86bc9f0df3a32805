package io.varanus.engine.cli;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.offline.EvaluateJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measure detection quality on labelled events: AUROC, AUPRC, recall at 0.1%% and 1%% FPR,"
          + " precision/recall/F1 at the calibrated threshold and recall per class.",
      "With --baselines, Isolation Forest and Random Cut Forest are trained on the bundle's"
          + " featurized normal training rows and measured on the same events in the same run.",
      "Each AUROC gets a 95%% bootstrap interval, and each baseline the VAE's AUROC minus its own"
          + " with a paired interval, so a difference can be told from sampling noise."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(names = "--input", required = true, arity = "1..*", description = "Labelled log files.")
  List<String> inputs;

  @Option(
      names = "--config",
      description =
          "Config whose labels: section gives the defaults of --label-field, --normal-value and"
              + " --class-field (the model's input format comes from the bundle).")
  Path config;

  @Option(
      names = "--label-field",
      description =
          "Field holding the label (or a <file>.labels.csv sidecar); default: labels.field of"
              + " --config.")
  String labelField;

  @Option(
      names = "--normal-value",
      description = "Label value of normal events; default: labels.normal-value of --config.")
  String normalValue;

  @Option(
      names = "--class-field",
      description = "Field naming the attack class, for per-class recall (default: the label).")
  String classField;

  @Option(
      names = "--report",
      description = "Directory for metrics.json, report.html and PNG plots.")
  Path report;

  @Option(
      names = "--baselines",
      split = ",",
      description = "Comma-separated baselines to compare: isolation-forest, rcf.")
  List<String> baselines = List.of();

  @Option(
      names = "--holdout-only",
      description = "Evaluate only on the events train kept out with --holdout.")
  boolean holdoutOnly;

  @Override
  public Integer call() {
    for (String b : baselines) {
      if (!EvaluateJob.KNOWN_BASELINES.contains(b)) {
        throw new ConfigException(
            "Invalid value "
                + b
                + " for --baselines: known baselines are "
                + EvaluateJob.KNOWN_BASELINES);
      }
    }
    applyConfigLabels();
    ModelBundle bundle = ModelBundles.load(model);
    EvaluationReport r =
        new EvaluateJob(Clock.systemUTC(), System.err)
            .run(
                bundle,
                new EvaluateJob.Request(
                    inputs, labelField, normalValue, classField, holdoutOnly, baselines));
    System.out.print(r.table());
    if (report != null) {
      r.write(report);
      System.err.println(
          "wrote " + report.resolve("metrics.json") + " and " + report.resolve("report.html"));
    }
    return VaranusCli.OK;
  }

  /** Fills the label options left out from the config's {@code labels:} section. */
  private void applyConfigLabels() {
    if (config != null) {
      EngineConfig.LabelConfig labels = EngineConfig.load(config).labels();
      labelField = labelField != null ? labelField : labels.field();
      normalValue = normalValue != null ? normalValue : labels.normalValue();
      classField = classField != null ? classField : labels.classField();
    }
    String from = config == null ? "" : " (or labels." + "%s in " + config + ")";
    if (labelField == null) {
      throw new ConfigException(
          "evaluate needs the label field: give --label-field" + from.formatted("field"));
    }
    if (normalValue == null) {
      throw new ConfigException(
          "evaluate needs the label value of normal events: give --normal-value"
              + from.formatted("normal-value"));
    }
  }
}
