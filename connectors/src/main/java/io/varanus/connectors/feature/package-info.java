/**
 * Turns {@link io.varanus.connectors.LogEvent}s into fixed-width {@link
 * io.varanus.connectors.feature.FeatureVector}s. A {@link
 * io.varanus.connectors.feature.FeatureSpec} (YAML) says which fields become which features; {@link
 * io.varanus.connectors.feature.FeaturizerFitter} fits vocabularies, scaling statistics and log
 * templates on normal traffic into a versioned {@link
 * io.varanus.connectors.feature.FeaturizerState}, and a {@link
 * io.varanus.connectors.feature.Featurizer} applies it, keeping per-entity sliding windows.
 */
package io.varanus.connectors.feature;
