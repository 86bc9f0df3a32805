package io.varanus.engine.offline;

import io.varanus.connectors.feature.FeaturizerFitter;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.connectors.feature.InvalidFeatureSpecException;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import java.util.function.Consumer;

/** Ends a featurizer fit for train and retrain, with errors that name the config file. */
public final class FeaturizerFitting {

  private FeaturizerFitting() {}

  /**
   * The fitted state ({@link FeaturizerFitter#finishWithCoveredTime}).
   *
   * @throws ConfigException naming the config file and key when a feature reads a field that no
   *     training event carries
   */
  public static FeaturizerState finish(
      EngineConfig config, FeaturizerFitter fitter, Consumer<String> notes) {
    try {
      return fitter.finishWithCoveredTime(notes);
    } catch (InvalidFeatureSpecException e) {
      throw new ConfigException(config.file() + ": " + e.withPrefix("features").getMessage(), e);
    }
  }
}
