package io.varanus.models.vae;

import io.varanus.models.calibration.Calibration;
import java.util.List;
import java.util.Objects;

/**
 * A trained VAE: layout, hyper-parameters, weights and, once calibrated, the calibration.
 * Immutable; {@link #scorer()} builds a thread-safe scorer. {@code bound} puts the features'
 * surprise on one scale and limits what one adds to a score ({@link SurpriseBound#NONE}: the
 * negative ELBO).
 */
public record VaeModel(
    InputLayout layout,
    VaeConfig config,
    VaeWeights weights,
    Calibration calibration,
    SurpriseBound bound) {

  public VaeModel {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(weights, "weights");
    bound = bound == null ? SurpriseBound.NONE : bound;
    int levels = bound.levels().length;
    if (levels != 0 && levels != layout.blocks().size()) {
      throw new IllegalArgumentException(
          "The surprise bound has "
              + levels
              + " levels; the input layout has "
              + layout.blocks().size()
              + " blocks");
    }
    List<String> problems = weights.mismatches(layout, config);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Weights do not match the input layout and configuration: "
              + String.join("; ", problems));
    }
  }

  /** A model without a surprise bound. */
  public VaeModel(
      InputLayout layout, VaeConfig config, VaeWeights weights, Calibration calibration) {
    this(layout, config, weights, calibration, SurpriseBound.NONE);
  }

  public VaeModel withCalibration(Calibration c) {
    return new VaeModel(layout, config, weights, c, bound);
  }

  public VaeModel withBound(SurpriseBound b) {
    return new VaeModel(layout, config, weights, calibration, b);
  }

  public VaeScorer scorer() {
    return new VaeScorer(this, config.scoreSamples(), config.seed());
  }
}
