package io.varanus.engine.store;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.offline.BundleScorer;

/**
 * The model a pipeline scores with: its version and a scorer (featurizer state plus VAE) for one
 * stream. A swap replaces the whole object; window features the new model defines as the old one
 * did keep their per-entity state.
 */
public record ActiveModel(String version, BundleScorer scorer) {

  public ModelBundle bundle() {
    return scorer.bundle();
  }

  public double threshold() {
    return scorer.threshold();
  }
}
