package io.varanus.connectors.feature;

import java.util.List;
import java.util.Objects;

/**
 * A one-hot group: exactly one of its columns is 1. The categories include the slots that catch
 * unseen values ({@value CategoricalFeatureSpec#OTHER}) and missing ones ({@value
 * CategoricalFeatureSpec#MISSING}) where the feature has them; a missing-indicator is the group
 * {@code {present, missing}}.
 */
public record CategoricalFeature(String name, List<String> categories) implements FeatureBlock {

  public CategoricalFeature {
    Objects.requireNonNull(name, "name");
    categories = List.copyOf(categories);
    if (categories.size() < 2) {
      throw new IllegalArgumentException(
          "Categorical feature " + name + " needs at least 2 categories, found " + categories);
    }
  }

  @Override
  public int width() {
    return categories.size();
  }
}
