/**
 * What {@code varanus demo} needs beyond the offline commands: a single-node Kafka (KRaft) inside
 * the process, and the live run that streams generated logs through the service on it and scores
 * its alerts against the generator's labels.
 */
package io.varanus.engine.demo;
