package io.varanus.engine.cli;

import io.varanus.connectors.feature.CategoricalFeature;
import io.varanus.connectors.feature.FeatureBlock;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.engine.bundle.BundleManifest;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.bundle.Provenance;
import io.varanus.models.vae.VaeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show a model bundle: provenance, schema, threshold and sizes.")
final class InspectCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Override
  public Integer call() throws IOException {
    ModelBundle b = ModelBundles.load(model);
    PrintStream out = System.out;
    BundleManifest m = b.manifest();
    Provenance p = m.provenance();
    out.printf(
        "model      %s (bundle format %d), created %s%n",
        m.modelVersion(), m.formatVersion(), m.createdAt());
    if (m.parentVersion() != null) {
      out.printf("parent     %s%n", m.parentVersion());
    }
    out.printf("inputs     %s%n           sha256 %s%n", p.inputs(), p.inputDigest());
    out.printf(
        "events     %d read, %d invalid, %d normal used; %d train rows, %d validation rows%n",
        p.eventsRead(), p.invalidEvents(), p.normalEvents(), p.trainRows(), p.validationRows());
    if (p.labelField() != null) {
      out.printf("labels     %s = '%s' is normal%n", p.labelField(), p.normalValue());
    }
    Provenance.Retraining r = p.retraining();
    if (r != null) {
      out.printf(
          "retrained  on %s: %d held back, %d excluded as suspected attacks (campaigns graded %.1f or more"
              + " by %s), %d kept by the allow-list %s, %d kept%n",
          r.window(),
          r.heldBack(),
          r.excludedByScore(),
          r.excludeAboveGrade(),
          r.parentVersion(),
          r.allowListed(),
          r.allowList() == null ? "(none)" : r.allowList(),
          r.kept());
      out.printf(
          "           %d rows replayed from %s's replay store%n", r.replayed(), r.parentVersion());
    } else if (p.holdoutFraction() > 0) {
      out.printf(
          "holdout    %.3f of events kept out (seed %d)%n", p.holdoutFraction(), p.holdoutSeed());
    }
    var replay = b.replay();
    if (replay.generations().isEmpty()) {
      out.println("replay     none (retrain starts a replay store from its window)");
    } else {
      out.printf(
          "replay     %d of %d normal events seen (at most %d), %d header records%n",
          replay.events().size(), replay.seen(), replay.capacity(), replay.headers().size());
      for (var g : replay.generations()) {
        out.printf(
            "           generation %d (%s, from %s): %d of %d events%n",
            g.number(), g.modelVersion(), g.window(), g.events(), g.offered());
      }
    }
    out.printf("format     %s %s%n", b.input().format(), b.input().options());
    VaeConfig c = b.model().config();
    out.printf(
        "network    %d -> %s -> z %d -> %s -> %d; L = %d samples; seed %d%n",
        b.model().layout().width(),
        c.encoderHidden(),
        c.latentDim(),
        c.decoderHidden(),
        b.model().layout().width(),
        c.scoreSamples(),
        c.seed());
    var cal = b.model().calibration();
    out.printf(
        "threshold  %.4f at target FPR %s (from %d held-out normal scores)%n",
        cal.threshold(), cal.targetFpr(), cal.sampleSize());
    out.printf("libraries  %s%n", m.libraries());
    out.printf("files      %s bytes in all%n", size(model));
    out.println("schema");
    var blocks = Featurizer.create(b.featurizer(), Clock.systemUTC()).schema().blocks();
    for (FeatureBlock blk : blocks) {
      if (blk instanceof CategoricalFeature cf) {
        out.printf("  %-40s categorical, %d categories%n", blk.name(), cf.categories().size());
      } else {
        out.printf("  %-40s continuous%n", blk.name());
      }
    }
    return VaranusCli.OK;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
