package io.varanus.engine.cli;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrafficWindow;
import io.varanus.engine.retrain.AllowList;
import io.varanus.engine.retrain.ComparisonReport;
import io.varanus.engine.retrain.RetrainJob;
import io.varanus.engine.retrain.WindowRefusedException;
import io.varanus.engine.store.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Retrain on a window of unlabelled traffic and promote the candidate only if it passes the"
          + " promotion gate.",
      "The current model scores the window; a slice is held back for the comparison; events it"
          + " grades as suspected attacks (retrain.exclude-margin) are left out when their source"
          + " sent several (a campaign: retrain.campaign-key, retrain.campaign-min-events), kept"
          + " as rare events otherwise, unless the allow-list keeps them; a new featurizer and VAE"
          + " are trained on a bounded sample of the rest. Both models are compared on the held-back events (alert volume, grade"
          + " drift) and on --validation data (AUROC, recall); the report goes to"
          + " <out>/report.",
      "Exit codes: 0 promoted, 3 refused by the gate (nothing changes), 2 usage or config error,"
          + " 1 runtime failure. A running varanus run swaps a promoted model in. With --dry-run"
          + " the candidate and the report are written and the gate judges (exit 0 or 3), but"
          + " nothing is promoted."
    })
final class RetrainCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Engine config (YAML).")
  Path config;

  @ArgGroup(exclusive = true, multiplicity = "1")
  WindowOptions window;

  @Option(
      names = "--current",
      description = "The current model bundle (default: the store's current version).")
  Path current;

  @Option(
      names = "--store",
      description = "The model store to promote into (default: pipeline.model-store).")
  Path store;

  @Option(
      names = "--out",
      defaultValue = "retrain-out",
      description =
          "Where the candidate bundle (<out>/candidate) and the report (<out>/report) go"
              + " (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--validation",
      arity = "1..*",
      description = "Labelled log files to compare the models' AUROC and recall on.")
  List<String> validation;

  @Option(names = "--label-field", description = "Label field of --validation (or sidecar).")
  String labelField;

  @Option(names = "--normal-value", description = "Label value of normal events.")
  String normalValue;

  @Option(
      names = "--allow-list",
      description = "Rules for events to learn as normal however they score (retrain.allow-list).")
  Path allowList;

  @Option(
      names = "--max-rows",
      description = "At most this many training rows (default: model.max-training-rows).")
  Integer maxRows;

  @Option(
      names = "--no-exclude",
      description =
          "Train on every event, suspected attacks included (to measure what exclusion buys).")
  boolean noExclude;

  @Option(names = "--force", description = "Promote even when the gate refuses, and say so.")
  boolean force;

  @Option(
      names = "--dry-run",
      description =
          "Train the candidate, write the report and run the gate (exit 0 if it would pass, 3 if"
              + " not), but promote nothing; the store is only read.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    EngineConfig cfg = EngineConfig.load(config);
    window.check();
    if (dryRun && force) {
      throw new ConfigException("--dry-run promotes nothing, so --force has no effect; use one");
    }
    if (maxRows != null && maxRows < 10) {
      throw new ConfigException("Invalid value " + maxRows + " for --max-rows: must be >= 10");
    }
    RetrainJob.Validation val = validation(cfg);
    Path storeDir = store != null ? store : cfg.pipeline().modelStore();
    if (storeDir == null && !(dryRun && current != null)) {
      throw new ConfigException(
          "Name the model store to promote into: --store DIR or pipeline.model-store in "
              + cfg.file());
    }
    ModelStore models = storeDir == null ? null : new ModelStore(storeDir);
    Path currentDir = current;
    if (currentDir == null) {
      String v =
          models
              .currentVersion()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "Model store "
                              + storeDir
                              + " holds no model yet; pass --current DIR (or train --publish-to)"));
      currentDir = models.path(v);
    }
    ModelBundle currentBundle = ModelBundles.load(currentDir);
    Path listFile = allowList != null ? allowList : cfg.retrain().allowList();
    AllowList allow = listFile == null ? AllowList.none() : AllowList.load(listFile);
    TrafficWindow w = window.resolve(cfg);
    Path candidateDir = out.resolve("candidate");
    if (Files.exists(candidateDir.resolve(ModelBundles.MANIFEST))) {
      throw new ConfigException(
          candidateDir + " already holds a bundle; choose another --out or remove it");
    }
    RetrainJob.Result result;
    try (Progress progress = new Progress(System.err)) {
      result =
          new RetrainJob(cfg, Clock.systemUTC(), progress, System.err)
              .run(
                  new RetrainJob.Request(
                      w,
                      currentBundle,
                      allow,
                      !noExclude,
                      maxRows != null ? maxRows : cfg.maxTrainingRows(),
                      val,
                      candidateDir));
    } catch (WindowRefusedException e) {
      System.err.println(
          "varanus: no candidate: "
              + e.getMessage()
              + "; "
              + currentBundle.version()
              + " stays current");
      return VaranusCli.REFUSED;
    }
    boolean promote = (result.verdict().passed() || force) && !dryRun;
    String decision =
        dryRun
            ? (result.verdict().passed()
                ? "passed the gate, not promoted (--dry-run)"
                : "refused by the gate (--dry-run)")
            : result.verdict().passed()
                ? "promoted"
                : force ? "refused by the gate, promoted by --force" : "refused by the gate";
    ComparisonReport report = new ComparisonReport(result, w.describe(), decision);
    Path reportDir = out.resolve("report");
    report.write(reportDir);
    System.err.print(report.table());
    System.err.println("report: " + reportDir.resolve("report.html"));
    if (dryRun) {
      System.err.print(
          "varanus: --dry-run: candidate "
              + result.candidate().version()
              + (result.verdict().passed()
                  ? " passed the promotion gate"
                  : " would be refused by the promotion gate:\n" + result.verdict().reasons())
              + (result.verdict().passed() ? "; " : "")
              + "nothing promoted, "
              + currentBundle.version()
              + " stays current; the candidate is in "
              + candidateDir
              + "\n");
      return result.verdict().passed() ? VaranusCli.OK : VaranusCli.REFUSED;
    }
    if (!promote) {
      System.err.print(
          "varanus: candidate "
              + result.candidate().version()
              + " refused by the promotion gate; "
              + currentBundle.version()
              + " stays current:\n"
              + result.verdict().reasons());
      return VaranusCli.REFUSED;
    }
    Path published = models.publish(candidateDir, result.candidate().version());
    System.err.println(
        (result.verdict().passed() ? "" : "warning: the gate refused this candidate; ")
            + "promoted "
            + result.candidate().version()
            + (force && !result.verdict().passed() ? " because of --force" : "")
            + " as the current version of "
            + storeDir
            + " ("
            + published
            + "); running services swap it in at their next model check");
    return VaranusCli.OK;
  }

  private RetrainJob.Validation validation(EngineConfig cfg) {
    if (validation == null) {
      if (labelField != null || normalValue != null) {
        throw new ConfigException("--label-field and --normal-value only go with --validation");
      }
      return null;
    }
    String field = labelField != null ? labelField : cfg.labels().field();
    String normal = normalValue != null ? normalValue : cfg.labels().normalValue();
    if (field == null || normal == null) {
      throw new ConfigException(
          "--validation needs --label-field and --normal-value (or labels.field and"
              + " labels.normal-value in the config)");
    }
    return new RetrainJob.Validation(validation, field, normal, cfg.labels().classField());
  }
}
