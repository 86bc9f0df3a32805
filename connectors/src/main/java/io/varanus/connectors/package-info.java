/**
 * Everything between raw security logs and feature vectors. Sources ({@code source}) yield raw
 * records with their {@link io.varanus.connectors.Origin}; formats ({@code parse}) turn them into
 * {@link io.varanus.connectors.LogEvent}s; the featurizer ({@code feature}) turns events into
 * fixed-width vectors. This module does not know the model.
 */
package io.varanus.connectors;
