package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {

  @TempDir Path dir;

  private EngineConfig load(String pipeline, String kafka) throws Exception {
    Path f = dir.resolve("run.yml");
    Files.writeString(
        f,
        "input: {format: json}\nfeatures:\n  numeric: [{field: bytes}]\n"
            + "kafka: {bootstrap.servers: 'localhost:9092'"
            + kafka
            + "}\ntopics: {input: [logs]}\npipeline: {"
            + pipeline
            + "}\n");
    return EngineConfig.load(f);
  }

  @Test
  void severalWorkersFetchLessPerPartitionSoBatchesMixPartitions() throws Exception {
    assertThat(KafkaClients.consumer(load("workers: 2", "")))
        .containsEntry(
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.PARTITION_FETCH_BYTES)
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    assertThat(KafkaClients.consumer(load("workers: 1", "")))
        .doesNotContainKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);
    assertThat(KafkaClients.consumer(load("workers: 2", ", max.partition.fetch.bytes: 1048576")))
        .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576");
  }

  @Test
  void workersMustBePositive() {
    assertThatThrownBy(() -> load("workers: 0", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pipeline.workers")
        .hasMessageContaining("must be >= 1");
  }
}
