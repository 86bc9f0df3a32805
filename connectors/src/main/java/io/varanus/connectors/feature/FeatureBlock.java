package io.varanus.connectors.feature;

/** One block of a {@link FeatureSchema}: a continuous column or a one-hot categorical group. */
public sealed interface FeatureBlock permits ContinuousFeature, CategoricalFeature {

  /** The feature name reported in alerts, e.g. {@code destination.bytes}. */
  String name();

  /** Number of columns the block occupies. */
  int width();
}
