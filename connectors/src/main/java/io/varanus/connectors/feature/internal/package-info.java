/**
 * Implementation detail of the featurizer: compiled feature plans, encoders, streaming statistics,
 * hashing, token masking and per-entity windows. Not for use outside {@code connectors.feature}.
 */
package io.varanus.connectors.feature.internal;
