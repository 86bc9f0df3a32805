/**
 * Prometheus metrics of {@code varanus run}: the metric names and labels of DESIGN.md in a registry
 * of their own, fed by the pipeline through {@link io.varanus.engine.pipeline.PipelineListener},
 * and the HTTP endpoint serving {@code /metrics}, {@code /healthz} and {@code /readyz}.
 */
package io.varanus.engine.metrics;
