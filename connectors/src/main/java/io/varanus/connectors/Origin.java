package io.varanus.connectors;

import java.util.Objects;

/**
 * Where a raw record came from: a Kafka topic, partition and offset, or a file (partition -1) and
 * its 1-based line number, or stdin (source "-", partition -1).
 */
public record Origin(String source, int partition, long offset) {

  public Origin {
    Objects.requireNonNull(source, "source");
  }

  public static Origin file(String path, long line) {
    return new Origin(path, -1, line);
  }

  public boolean isKafka() {
    return partition >= 0;
  }

  @Override
  public String toString() {
    return isKafka() ? source + "-" + partition + "@" + offset : source + ":" + offset;
  }
}
