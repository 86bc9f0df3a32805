package io.varanus.engine.offline;

import io.varanus.connectors.source.KafkaRange;
import io.varanus.connectors.source.KafkaRangeSource;
import io.varanus.engine.config.EngineConfig;
import java.util.List;
import java.util.Map;

/**
 * Traffic to train on: a fixed range of a Kafka topic or a list of files. Training reads it more
 * than once (fit the featurizer, then featurize; retraining also scores and compares), so every
 * read must yield the same events in the same order: a Kafka range is resolved to offsets once,
 * before the first read.
 */
public interface TrafficWindow {

  /** For logs, reports and provenance. */
  String describe();

  /** What provenance lists as the inputs: the file names, or the topic range. */
  List<String> inputs();

  /** The number of records when known in advance (a Kafka range), else -1. */
  long size();

  /**
   * A reader for one pass over the window, parsing with {@code input}; labels from {@code
   * labelField} (and for files a sidecar), or none when it is null.
   */
  EventReader open(EngineConfig.InputConfig input, String labelField, String classField);

  static TrafficWindow files(List<String> paths) {
    List<String> copy = List.copyOf(paths);
    return new TrafficWindow() {
      @Override
      public String describe() {
        return String.join(", ", copy);
      }

      @Override
      public List<String> inputs() {
        return copy;
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      public EventReader open(
          EngineConfig.InputConfig input, String labelField, String classField) {
        return new EventReader(input, copy, labelField, classField);
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
      public List<String> inputs() {
        return List.of(describe());
      }

      @Override
      public long size() {
        return range.size();
      }

      @Override
      public EventReader open(
          EngineConfig.InputConfig input, String labelField, String classField) {
        return new EventReader(
            input, describe(), () -> new KafkaRangeSource(config, range), labelField, classField);
      }
    };
  }
}
