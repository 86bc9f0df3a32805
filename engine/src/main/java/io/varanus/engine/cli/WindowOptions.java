package io.varanus.engine.cli;

import io.varanus.connectors.Durations;
import io.varanus.connectors.source.KafkaRange;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrafficWindow;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where {@code train} and {@code retrain} read their traffic: log files, or a range of a Kafka
 * topic (every partition) from a time or from offsets up to the log end or given offsets.
 */
final class WindowOptions {

  @ArgGroup(exclusive = false)
  Topic topic;

  @Option(
      names = "--input",
      arity = "1..*",
      description = "Log files (.gz ok, globs ok, - for stdin).")
  List<String> inputs;

  static final class Topic {
    @Option(
        names = "--from-topic",
        required = true,
        description = "Read a range of this topic instead (every partition; kafka: settings).")
    String topic;

    @Option(
        names = "--since",
        description =
            "Start of the range: a duration back from now (7d, 12h) or an instant"
                + " (2026-11-18T00:00:00Z). The range ends at the log end when the command starts.")
    String since;

    @Option(
        names = "--from-offsets",
        paramLabel = "P:O[,P:O...]",
        description =
            "Start offsets per partition, e.g. 0:1200,1:950 (partitions not named start at their"
                + " first retained record).")
    String fromOffsets;

    @Option(
        names = "--to-offsets",
        paramLabel = "P:O[,P:O...]",
        description = "End offsets (exclusive) per partition; default the log end.")
    String toOffsets;
  }

  /** Usage mistakes, reported before anything is loaded or read. */
  void check() {
    if (topic == null) {
      return;
    }
    if ((topic.since == null) == (topic.fromOffsets == null && topic.toOffsets == null)) {
      throw new ConfigException(
          "--from-topic needs either --since (7d, or an instant) or --from-offsets/--to-offsets");
    }
    if (topic.since != null) {
      since(topic.since);
    }
    offsets("--from-offsets", topic.fromOffsets);
    offsets("--to-offsets", topic.toOffsets);
  }

  /** The files, or the topic range resolved to offsets now (printed to stderr). */
  TrafficWindow resolve(EngineConfig cfg) {
    check();
    if (inputs != null) {
      return TrafficWindow.files(inputs);
    }
    Map<String, Object> client = cfg.kafka().toClientConfig();
    if (!client.containsKey("bootstrap.servers")) {
      throw new ConfigException(
          cfg.file() + ": missing configuration kafka.bootstrap.servers: --from-topic needs it");
    }
    KafkaRange range;
    try {
      range =
          topic.since != null
              ? KafkaRange.since(client, topic.topic, since(topic.since))
              : KafkaRange.offsets(
                  client,
                  topic.topic,
                  offsets("--from-offsets", topic.fromOffsets),
                  offsets("--to-offsets", topic.toOffsets));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--from-topic " + topic.topic + ": " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "Cannot read the offsets of topic "
              + topic.topic
              + " from "
              + client.get("bootstrap.servers")
              + ": "
              + e.getMessage(),
          e);
    }
    System.err.println("window: " + range.describe() + ", " + range.size() + " records");
    return TrafficWindow.kafka(client, range);
  }

  private static Instant since(String text) {
    try {
      return Instant.now().minus(Durations.parse(text));
    } catch (IllegalArgumentException notDuration) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            "Invalid value '"
                + text
                + "' for --since: expected a duration (7d, 12h, 30m) or an instant"
                + " (2026-11-18T00:00:00Z)");
      }
    }
  }

  static Map<Integer, Long> offsets(String option, String text) {
    Map<Integer, Long> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String part : text.split(",")) {
      String[] po = part.trim().split(":");
      try {
        if (po.length != 2) {
          throw new NumberFormatException();
        }
        int p = Integer.parseInt(po[0].trim());
        long o = Long.parseLong(po[1].trim());
        if (p < 0 || o < 0 || out.put(p, o) != null) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "Invalid value '"
                + text
                + "' for "
                + option
                + ": expected PARTITION:OFFSET pairs separated by commas, each partition once,"
                + " e.g. 0:1200,1:950");
      }
    }
    return out;
  }
}
