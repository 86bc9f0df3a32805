package io.varanus.engine.offline;

/**
 * One feature's part in an anomaly score: its share of the total surprise, the value seen and what
 * the model expected (original units for numbers, the most likely category for categories).
 */
public record Contribution(String feature, double share, Object value, Object expected) {}
