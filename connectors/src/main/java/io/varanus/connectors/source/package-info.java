/**
 * Sources of raw records: files (plain or gzip, globs, stdin) and Kafka topics. Each {@link
 * io.varanus.connectors.source.RawRecord} keeps its origin so bad input can be traced and
 * dead-lettered; sources never parse.
 */
package io.varanus.connectors.source;
