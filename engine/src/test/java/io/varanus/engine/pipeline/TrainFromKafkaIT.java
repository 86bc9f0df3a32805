package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.engine.cli.VaranusCli;
import io.varanus.engine.pipeline.ServiceFixture.Sent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code varanus train} reads a range of a topic on the in-process broker: every partition, from a
 * time or from offsets, up to the log end or given offsets; the bundle's provenance names the range
 * and counts exactly its records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainFromKafkaIT {

  private ServiceFixture fx;
  private Path config;
  private final Map<Integer, Long> perPartition = new HashMap<>();

  @BeforeAll
  void produce() throws Exception {
    fx = ServiceFixture.shared();
    String prefix = "trainkafka";
    fx.createTopics(prefix, 2);
    Map<String, Object> sections =
        new HashMap<>(fx.service(prefix, fx.broker.bootstrapServers(), Map.of()));
    sections.put("model", Map.of("max-epochs", 2));
    config = fx.writeConfig(prefix, sections);
    List<Sent> sent = fx.produce(prefix + "-in", ServiceFixture.events(3000, 0, 71));
    for (Sent s : sent) {
      perPartition.merge(s.partition().partition(), 1L, Long::sum);
    }
  }

  private JsonNode train(String name, String... window) throws Exception {
    Path out = fx.dir.resolve(name);
    String[] base = {"train", "--config", config.toString(), "--model-out", out.toString()};
    String[] args = new String[base.length + window.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(window, 0, args, base.length, window.length);
    assertThat(VaranusCli.run(args)).isZero();
    return ServiceFixture.JSON.readTree(out.resolve("manifest.json").toFile()).get("provenance");
  }

  @Test
  void trainsOnEveryRecordSinceATime() throws Exception {
    JsonNode p = train("since", "--from-topic", "trainkafka-in", "--since", "1h");
    assertThat(p.get("eventsRead").asLong()).isEqualTo(3000);
    assertThat(p.get("inputs").get(0).asText())
        .isEqualTo(
            "kafka:trainkafka-in[0: 0-"
                + perPartition.getOrDefault(0, 0L)
                + ", 1: 0-"
                + perPartition.getOrDefault(1, 0L)
                + "]");
  }

  @Test
  void trainsOnAnOffsetRange() throws Exception {
    long end0 = perPartition.getOrDefault(0, 0L);
    long end1 = perPartition.getOrDefault(1, 0L);
    long from1 = Math.min(100, end1);
    long to0 = Math.max(0, end0 - 50);
    JsonNode p =
        train(
            "offsets",
            "--from-topic",
            "trainkafka-in",
            "--from-offsets",
            "1:" + from1,
            "--to-offsets",
            "0:" + to0);
    assertThat(p.get("eventsRead").asLong()).isEqualTo(to0 + (end1 - from1));
  }

  @Test
  void anUnknownPartitionIsAUsageError() {
    int code =
        VaranusCli.run(
            "train",
            "--config",
            config.toString(),
            "--from-topic",
            "trainkafka-in",
            "--from-offsets",
            "7:0",
            "--model-out",
            fx.dir.resolve("bad").toString());
    assertThat(code).isEqualTo(VaranusCli.USAGE);
  }
}
