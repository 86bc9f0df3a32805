/**
 * The Kafka service behind {@code varanus run}: a single-threaded poll-process loop that reads
 * micro-batches, parses, featurizes and scores them, publishes alerts and dead letters, and commits
 * offsets only after those are acknowledged (or inside a transaction for exactly-once). One thread
 * means in-flight work is bounded by one batch: nothing is polled while a batch is scored.
 */
package io.varanus.engine.pipeline;
