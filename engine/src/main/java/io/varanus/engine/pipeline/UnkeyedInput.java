package io.varanus.engine.pipeline;

import io.varanus.connectors.feature.WindowFeatureSpec;
import io.varanus.connectors.source.RawRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window state is kept per partition: with records that carry no key, an entity's events are spread
 * over the partitions of a topic that has several, and its windows see only part of them. Says so
 * once; a topic of one partition keeps every entity's events together, keyed or not. Used by the
 * consumer's thread only.
 */
final class UnkeyedInput {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPipeline.class);

  private final ToIntFunction<String> partitionCount;
  private final Map<String, Integer> partitions = new HashMap<>();
  private boolean warned;

  /** {@code partitionCount}: how many partitions a topic has (asked once per topic). */
  UnkeyedInput(ToIntFunction<String> partitionCount) {
    this.partitionCount = partitionCount;
  }

  /**
   * Warns, the first time only, when {@code batch} holds records without a key from a topic of
   * several partitions and the model has window features; true if it warned.
   */
  boolean check(List<RawRecord> batch, List<WindowFeatureSpec> windows) {
    if (warned || windows.isEmpty()) {
      return false;
    }
    Set<String> unkeyed = new HashSet<>();
    for (RawRecord r : batch) {
      if (r.key() == null) {
        unkeyed.add(r.origin().source());
      }
    }
    if (unkeyed.stream()
        .allMatch(t -> partitions.computeIfAbsent(t, partitionCount::applyAsInt) <= 1)) {
      return false;
    }
    warned = true;
    LOG.warn(
        "Input records without a key: window features are kept per input partition, so the"
            + " windows keyed by {} see only the events of their partition. Key the input topic by"
            + " that field (the log shipper's partition key) so that an entity's events share a"
            + " partition.",
        windows.stream().map(WindowFeatureSpec::key).distinct().toList());
    return true;
  }
}
