/**
 * Turns scored events into alerts: the {@link io.varanus.engine.alert.AlertPolicy} applies the
 * threshold, severity bands, per-entity suppression and a rate cap; {@link
 * io.varanus.engine.alert.AlertJson} writes the ECS-shaped alert document that goes to Kafka.
 */
package io.varanus.engine.alert;
