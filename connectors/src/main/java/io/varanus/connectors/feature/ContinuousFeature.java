package io.varanus.connectors.feature;

import java.util.Objects;

/** One real-valued column, standardized unless its spec says otherwise. */
public record ContinuousFeature(String name) implements FeatureBlock {

  public ContinuousFeature {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int width() {
    return 1;
  }
}
