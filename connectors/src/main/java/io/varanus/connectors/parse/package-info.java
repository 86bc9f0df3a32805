/**
 * Log formats: each {@link io.varanus.connectors.parse.LogFormat} turns a raw record into a {@link
 * io.varanus.connectors.LogEvent} or refuses it with an {@link
 * io.varanus.connectors.parse.InvalidEventException} whose reason names the problem. Formats are
 * created by name and options through {@link io.varanus.connectors.parse.LogFormats}.
 */
package io.varanus.connectors.parse;
