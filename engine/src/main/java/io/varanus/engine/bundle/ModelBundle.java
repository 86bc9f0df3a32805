package io.varanus.engine.bundle;

import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.config.EngineConfig;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.VaeModel;

/**
 * Everything needed to score raw events: how to parse them ({@code input}), the fitted featurizer,
 * the calibrated VAE, a sample of featurized training rows (for baselines and drift checks), the
 * replay store of raw normal events for the next retrain ({@link ReplayStore#NONE} when it has
 * none) and the manifest with provenance.
 */
public record ModelBundle(
    BundleManifest manifest,
    EngineConfig.InputConfig input,
    FeaturizerState featurizer,
    VaeModel model,
    float[][] trainingSample,
    ReplayStore replay) {

  public ModelBundle {
    replay = replay == null ? ReplayStore.NONE : replay;
    InputLayout fromSchema =
        LayoutAdapter.toLayout(Featurizer.create(featurizer, java.time.Clock.systemUTC()).schema());
    if (!fromSchema.equals(model.layout())) {
      throw new BundleException(
          "The featurizer schema ("
              + fromSchema.width()
              + " columns in "
              + fromSchema.blocks().size()
              + " blocks) does not match the model's input layout ("
              + model.layout().width()
              + " columns in "
              + model.layout().blocks().size()
              + " blocks)");
    }
    if (model.calibration() == null) {
      throw new BundleException("A bundle needs a calibrated model");
    }
  }

  public String version() {
    return manifest.modelVersion();
  }
}
