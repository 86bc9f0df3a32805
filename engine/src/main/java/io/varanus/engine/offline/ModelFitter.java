package io.varanus.engine.offline;

import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.bundle.BundleManifest;
import io.varanus.engine.bundle.LayoutAdapter;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.bundle.Provenance;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.config.EngineConfig;
import io.varanus.models.calibration.Calibration;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.Score;
import io.varanus.models.vae.SurpriseBound;
import io.varanus.models.vae.TrainedVae;
import io.varanus.models.vae.TrainingListener;
import io.varanus.models.vae.TrainingReport;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeScorer;
import io.varanus.models.vae.VaeTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The part of {@code train} and {@code retrain} after the rows are chosen: trains the VAE on the
 * featurized rows (in input order) but the latest {@code scoring.calibration-fraction} of them,
 * bounds each feature's surprise ({@code scoring.surprise-knee}), calibrates its threshold at the
 * configured target FPR on the rows kept back (or on the validation rows when none are), names the
 * version (UTC time and the input digest) and writes the bundle.
 */
public final class ModelFitter {

  static final int SAMPLE_ROWS = 20_000;

  private final EngineConfig config;
  private final Clock clock;
  private final TrainingListener listener;
  private final PrintStream log;

  public ModelFitter(EngineConfig config, Clock clock, TrainingListener listener, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.listener = listener;
    this.log = log;
  }

  /**
   * Trains, calibrates and saves to {@code out}.
   *
   * @param provenance builds the provenance once the training report is known
   * @param parentVersion the model this one replaces, or null
   * @param replay the replay store the bundle carries for the next retrain
   */
  public ModelBundle fit(
      FeaturizerState state,
      float[][] data,
      String inputDigest,
      Function<TrainingReport, Provenance> provenance,
      String parentVersion,
      ReplayStore replay,
      Path out) {
    InputLayout layout = LayoutAdapter.toLayout(Featurizer.create(state, clock).schema());
    log.printf(
        "training on %d rows of %d columns (%d features)%n",
        data.length, layout.width(), layout.blocks().size());
    int held = heldBack(data.length);
    float[][] fitRows = Arrays.copyOfRange(data, 0, data.length - held);
    TrainedVae trained = new VaeTrainer(config.model(), listener).train(layout, fitRows);
    Score[] plain = trained.model().scorer().score(trained.validationRows());
    SurpriseBound bound = config.scoring().bound(plain, layout.blocks().size());
    logFlooredLevels(bound, layout);
    VaeModel bounded = trained.model().withBound(bound);
    VaeScorer scorer = bounded.scorer();
    double[] validation = values(scorer.score(trained.validationRows()));
    Calibration calibration;
    if (held == 0) {
      calibration = calibrate(validation, "validation rows");
    } else {
      float[][] latest = Arrays.copyOfRange(data, data.length - held, data.length);
      calibration = calibrate(values(scorer.score(latest)), "latest training rows");
      logCalibrationShift(calibration, validation, held);
    }
    VaeModel model = bounded.withCalibration(calibration);
    String version =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(clock.instant())
            + "-"
            + versionSuffix(inputDigest);
    BundleManifest draft =
        new BundleManifest(
            BundleManifest.FORMAT_VERSION,
            version,
            DateTimeFormatter.ISO_INSTANT.format(clock.instant()),
            parentVersion,
            provenance.apply(trained.report()),
            libraries(),
            Map.of(),
            null);
    Reservoir<float[]> sampler =
        new Reservoir<>(SAMPLE_ROWS, new SplittableRandom(config.model().seed() + 1));
    for (float[] r : data) {
      sampler.add(r);
    }
    float[][] sample = sampler.items().toArray(float[][]::new);
    BundleManifest manifest =
        ModelBundles.save(draft, config.input(), state, model, sample, replay, out);
    TrainingReport report = trained.report();
    log.printf(
        "model %s: best epoch %d of %d, validation loss %.4f, threshold %.4f at target FPR %s%n",
        version,
        report.bestEpoch() + 1,
        report.validationLoss().size(),
        report.bestValidationLoss(),
        calibration.threshold(),
        config.alerting().targetFpr());
    if (!report.stoppedEarly()) {
      log.printf(
          "note: model.max-epochs: training ran all %d epochs and the validation loss was still"
              + " improving within the last model.patience (%d) epochs; a higher model.max-epochs"
              + " in %s fits the normal data more closely, at the cost of training time%n",
          report.validationLoss().size(), config.model().patience(), config.file());
    }
    return new ModelBundle(
        manifest,
        config.input(),
        state,
        model,
        sample,
        replay == null ? null : replay.stamped(version));
  }

  /**
   * Eight hex digits of the SHA-256 of the input's digest and the config file's bytes, so bundles
   * trained from the same input with different configs get different versions.
   */
  private String versionSuffix(String inputDigest) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(inputDigest.getBytes(StandardCharsets.UTF_8));
      if (config.file() != null && Files.isRegularFile(config.file())) {
        sha.update((byte) '\n');
        sha.update(Files.readAllBytes(config.file()));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the config " + config.file(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets {@code bundle}'s threshold from other normal scores (retrain's held-back events) and saves
   * it again to {@code out}; {@code source} names the scores in the log line.
   */
  public ModelBundle recalibrate(ModelBundle bundle, double[] scores, String source, Path out) {
    Calibration c = calibrate(scores, source);
    log.printf(
        "threshold %.4f at target FPR %s, from %d %s%n",
        c.threshold(), c.targetFpr(), scores.length, source);
    VaeModel model = bundle.model().withCalibration(c);
    BundleManifest manifest =
        ModelBundles.save(
            bundle.manifest(),
            bundle.input(),
            bundle.featurizer(),
            model,
            bundle.trainingSample(),
            bundle.replay(),
            out);
    return new ModelBundle(
        manifest,
        bundle.input(),
        bundle.featurizer(),
        model,
        bundle.trainingSample(),
        bundle.replay());
  }

  /**
   * How many of the latest rows to keep out of training for calibration ({@code
   * scoring.calibration-fraction}); none when that would leave too few to train or to calibrate.
   */
  private int heldBack(int rows) {
    int held = (int) Math.round(rows * config.scoring().calibrationFraction());
    if (held > 0 && (held < 2 || rows - held < 10)) {
      log.printf(
          "note: scoring.calibration-fraction: %d rows are too few to hold back %d for"
              + " calibration; calibrating on the validation rows%n",
          rows, held);
      return 0;
    }
    return held;
  }

  /**
   * Logs how far the threshold from the latest rows is from what the random validation split would
   * have given: the false-positive rate it has there against the target.
   */
  private void logCalibrationShift(Calibration c, double[] validation, int held) {
    long above = Arrays.stream(validation).filter(c::isAnomalous).count();
    double fpr = validation.length == 0 ? Double.NaN : above / (double) validation.length;
    double own =
        validation.length < 2 ? Double.NaN : Calibration.fit(validation, c.targetFpr()).threshold();
    log.printf(
        "threshold %.4f at target FPR %s from the latest %d training rows, kept out of training"
            + " (scoring.calibration-fraction); on the %d random validation rows it gives FPR"
            + " %.4f, whose own threshold would be %.4f%n",
        c.threshold(), c.targetFpr(), held, validation.length, fpr, own);
  }

  /**
   * Names the features whose surprise never reached {@code scoring.level-floor} on the validation
   * rows (constant in training, or always reconstructed closely): their level is the floor.
   */
  private void logFlooredLevels(SurpriseBound bound, InputLayout layout) {
    double floor = config.scoring().levelFloor();
    double[] levels = bound.levels();
    List<String> floored = new ArrayList<>();
    for (int i = 0; i < levels.length; i++) {
      if (levels[i] <= floor) {
        floored.add(layout.blocks().get(i).name());
      }
    }
    if (floored.isEmpty()) {
      return;
    }
    int shown = Math.min(floored.size(), 12);
    log.printf(
        "scoring.level-floor: %d of %d features never reached %s nats of surprise on the validation"
            + " rows (constant in training or always reconstructed closely), so their level is the"
            + " floor and their noise adds little to a score: %s%s%n",
        floored.size(),
        levels.length,
        floor,
        String.join(", ", floored.subList(0, shown)),
        floored.size() > shown ? " and " + (floored.size() - shown) + " more" : "");
  }

  private static double[] values(Score[] scores) {
    return Arrays.stream(scores).mapToDouble(Score::value).toArray();
  }

  /** The threshold at the configured target FPR; warns when the scores are too few for it. */
  private Calibration calibrate(double[] normalScores, String source) {
    double fpr = config.alerting().targetFpr();
    double needed = 10 / fpr;
    if (normalScores.length < needed) {
      log.printf(
          "warning: the threshold at target FPR %s comes from only %d %s (%.0f or more make it"
              + " reliable); expect a false-positive rate off the target%n",
          fpr, normalScores.length, source, needed);
    }
    return Calibration.fit(normalScores, fpr);
  }

  private static Map<String, String> libraries() {
    return Map.of(
        "varanus", String.valueOf(ModelFitter.class.getPackage().getImplementationVersion()),
        "java", Runtime.version().toString(),
        "nd4j", "1.0.0-M2.1");
  }
}
