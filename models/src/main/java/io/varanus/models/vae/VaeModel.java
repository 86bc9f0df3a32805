package io.varanus.models.vae;

import io.varanus.models.calibration.Calibration;
import java.util.List;
import java.util.Objects;

/**
 * A trained VAE: layout, hyper-parameters, weights and, once calibrated, the calibration.
 * Immutable; {@link #scorer()} builds a thread-safe scorer.
 */
public record VaeModel(
    InputLayout layout, VaeConfig config, VaeWeights weights, Calibration calibration) {

  public VaeModel {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(weights, "weights");
    List<String> problems = weights.mismatches(layout, config);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Weights do not match the input layout and configuration: "
              + String.join("; ", problems));
    }
  }

  public VaeModel withCalibration(Calibration c) {
    return new VaeModel(layout, config, weights, c);
  }

  public VaeScorer scorer() {
    return new VaeScorer(this, config.scoreSamples(), config.seed());
  }
}
