package io.varanus.engine.bundle;

import io.varanus.connectors.feature.CategoricalFeature;
import io.varanus.connectors.feature.ContinuousFeature;
import io.varanus.connectors.feature.FeatureBlock;
import io.varanus.connectors.feature.FeatureSchema;
import io.varanus.models.vae.InputLayout;
import java.util.ArrayList;
import java.util.List;

/** Reads a featurizer's schema as the VAE's input layout: the one place the two modules meet. */
public final class LayoutAdapter {

  private LayoutAdapter() {}

  public static InputLayout toLayout(FeatureSchema schema) {
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (FeatureBlock b : schema.blocks()) {
      if (b instanceof ContinuousFeature c) {
        blocks.add(new InputLayout.Continuous(c.name()));
      } else if (b instanceof CategoricalFeature c) {
        if (c.categories().size() < 2) {
          throw new BundleException(
              "Categorical feature '"
                  + c.name()
                  + "' has "
                  + c.categories().size()
                  + " category; it needs at least 2 (values plus the out-of-vocabulary slot)");
        }
        blocks.add(new InputLayout.Categorical(c.name(), c.categories().size()));
      } else {
        throw new BundleException("Unknown feature block type " + b.getClass().getSimpleName());
      }
    }
    return new InputLayout(blocks);
  }
}
