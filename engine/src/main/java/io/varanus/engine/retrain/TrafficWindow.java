package io.varanus.engine.retrain;

import io.varanus.connectors.source.KafkaRange;
import io.varanus.connectors.source.KafkaRangeSource;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.EventReader;
import java.util.List;
import java.util.Map;

/**
 * The traffic a model is retrained on: a fixed range of a Kafka topic or a list of files.
 * Retraining reads it three times (score and fit, featurize, compare), so every read must yield the
 * same events in the same order; a Kafka range is resolved to offsets once, before the first read.
 */
public interface TrafficWindow {

  /** For logs, the report and provenance. */
  String describe();

  /** The number of records when known in advance (a Kafka range), else -1. */
  long size();

  /** A reader for one pass over the window, parsing with {@code input}. */
  EventReader open(EngineConfig.InputConfig input);

  static TrafficWindow files(List<String> paths) {
    List<String> copy = List.copyOf(paths);
    return new TrafficWindow() {
      @Override
      public String describe() {
        return String.join(", ", copy);
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      public EventReader open(EngineConfig.InputConfig input) {
        return new EventReader(input, copy, null, null);
      }
    };
  }

  static TrafficWindow kafka(Map<String, Object> consumerConfig, KafkaRange range) {
    Map<String, Object> config = Map.copyOf(consumerConfig);
    return new TrafficWindow() {
      @Override
      public String describe() {
        return "kafka:" + range.describe();
      }

      @Override
      public long size() {
        return range.size();
      }

      @Override
      public EventReader open(EngineConfig.InputConfig input) {
        return new EventReader(
            input, describe(), () -> new KafkaRangeSource(config, range), null, null);
      }
    };
  }
}
