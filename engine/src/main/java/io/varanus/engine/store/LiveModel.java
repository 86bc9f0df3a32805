package io.varanus.engine.store;

import io.varanus.engine.bundle.BundleException;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.EngineConfig.InputConfig;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.models.vae.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running model and its source. With a store, {@link #maybeSwap()} (called by the pipeline
 * between batches, at most once per poll interval) loads the store's current version when it
 * changed, validates it and swaps it in. A version that fails is logged and counted once, and kept
 * out until its manifest changes; the old model keeps scoring.
 *
 * <p>Validation: the bundle loads (format version, checksums, schema matches weights), its input
 * format is the one the service parses, and it scores a row of its own training sample to a finite
 * value.
 */
public final class LiveModel {

  private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

  private final ModelStore store;
  private final InputConfig input;
  private final Clock clock;
  private final Duration pollInterval;
  private final Double thresholdOverride;
  private final int topK;
  private ActiveModel active;
  private String activeDirName;
  private long lastCheckMillis;
  private String failedVersion;
  private FileTime failedStamp;
  private long reloadsOk;
  private long reloadsFailed;

  private LiveModel(
      ModelStore store,
      InputConfig input,
      Clock clock,
      Duration pollInterval,
      Double thresholdOverride,
      int topK) {
    this.store = store;
    this.input = input;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.thresholdOverride = thresholdOverride;
    this.topK = topK;
  }

  /**
   * Loads the store's current version, or when it does not validate the most recently published
   * version that does (logged as an error and counted as a failed reload); fails when the store
   * holds no version or none validates.
   */
  public static LiveModel fromStore(
      ModelStore store,
      InputConfig input,
      Clock clock,
      Duration pollInterval,
      Double thresholdOverride,
      int topK) {
    LiveModel m = new LiveModel(store, input, clock, pollInterval, thresholdOverride, topK);
    String v =
        store
            .currentVersion()
            .orElseThrow(
                () ->
                    new BundleException(
                        "Model store " + store.dir() + " holds no model version yet"));
    try {
      m.active = m.load(store.path(v));
    } catch (RuntimeException refused) {
      m.active = m.fallBack(v, refused);
    }
    m.lastCheckMillis = clock.millis();
    return m;
  }

  /**
   * At start, the current version was refused: score with the most recently published version that
   * loads rather than not at all (a broken bundle promoted by mistake must not keep every
   * restarting instance down), and keep checking the store as usual. Fails with the refusal when no
   * other version loads.
   */
  private ActiveModel fallBack(String current, RuntimeException refused) {
    List<Path> others = new ArrayList<>();
    try {
      for (String v : store.versions()) {
        if (!v.equals(current)) {
          others.add(store.path(v));
        }
      }
    } catch (java.io.IOException e) {
      throw refused;
    }
    others.sort(Comparator.comparing(LiveModel::modifiedTime).reversed());
    for (Path dir : others) {
      try {
        ActiveModel m = load(dir);
        reloadsFailed++;
        failedVersion = current;
        failedStamp = manifestStamp(store.path(current));
        LOG.error(
            "Model version {} in {} was refused ({}); scoring with {} from {}, the most recently"
                + " published version that loads, until the store's current version changes",
            current,
            store.dir(),
            refused.getMessage(),
            m.version(),
            dir);
        return m;
      } catch (RuntimeException e) {
        LOG.warn("Model version in {} was refused too: {}", dir, e.getMessage());
      }
    }
    throw refused;
  }

  private static FileTime modifiedTime(Path dir) {
    try {
      return Files.getLastModifiedTime(dir);
    } catch (java.io.IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** A fixed model from one bundle directory, never swapped. */
  public static LiveModel fixed(
      Path bundleDir, InputConfig input, Clock clock, Double thresholdOverride, int topK) {
    LiveModel m = new LiveModel(null, input, clock, Duration.ZERO, thresholdOverride, topK);
    m.active = m.load(bundleDir);
    return m;
  }

  public ActiveModel current() {
    return active;
  }

  /** Swaps in the store's current version if it changed and validates; true when it swapped. */
  public boolean maybeSwap() {
    long now = clock.millis();
    if (store == null || now - lastCheckMillis < pollInterval.toMillis()) {
      return false;
    }
    lastCheckMillis = now;
    Optional<String> v;
    try {
      v = store.currentVersion();
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot read model store {}: {}; keeping model {}",
          store.dir(),
          e.getMessage(),
          active.version());
      return false;
    }
    if (v.isEmpty() || isActive(v.get())) {
      return false;
    }
    Path dir = store.path(v.get());
    FileTime stamp = manifestStamp(dir);
    if (v.get().equals(failedVersion) && Objects.equals(stamp, failedStamp)) {
      return false;
    }
    try {
      ActiveModel next = load(dir);
      LOG.info("Swapped model {} for {} from {}", active.version(), next.version(), dir);
      active = next;
      reloadsOk++;
      failedVersion = null;
      return true;
    } catch (RuntimeException e) {
      reloadsFailed++;
      failedVersion = v.get();
      failedStamp = stamp;
      LOG.error(
          "Model version {} in {} was refused, keeping model {}: {}",
          v.get(),
          dir,
          active.version(),
          e.getMessage());
      return false;
    }
  }

  private boolean isActive(String storeVersion) {
    return store.path(storeVersion).getFileName().toString().equals(activeDirName);
  }

  public long reloadsOk() {
    return reloadsOk;
  }

  public long reloadsFailed() {
    return reloadsFailed;
  }

  private ActiveModel load(Path dir) {
    ModelBundle bundle = ModelBundles.load(dir);
    if (!bundle.input().format().equals(input.format())) {
      throw new BundleException(
          dir
              + ": the bundle reads format "
              + bundle.input().format()
              + " but the service parses "
              + input.format());
    }
    float[][] sample = bundle.trainingSample();
    if (sample.length > 0) {
      Score s = bundle.model().scorer().score(new float[][] {sample[0]})[0];
      if (!Double.isFinite(s.value())) {
        throw new BundleException(dir + ": the model scores its own training data as " + s.value());
      }
    }
    ActiveModel m =
        new ActiveModel(
            bundle.version(),
            new BundleScorer(
                bundle, clock, thresholdOverride, topK, active == null ? null : active.scorer()));
    activeDirName = dir.getFileName().toString();
    return m;
  }

  private static FileTime manifestStamp(Path dir) {
    try {
      return Files.getLastModifiedTime(dir.resolve(ModelBundles.MANIFEST));
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
