package io.varanus.engine.pipeline;

import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.config.PipelineConfig;
import io.varanus.engine.config.PipelineConfig.Guarantee;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings for the service: the {@code kafka:} map passed through, plus what the pipeline
 * needs. Set unless the user chose otherwise: the cooperative sticky assignor (classic group
 * protocol), {@code max.poll.records} = batch size, {@code auto.offset.reset=earliest} (a new group
 * misses nothing), {@code read_committed} under exactly-once, {@code acks=all} and idempotence.
 * Always set: group id and instance id from {@code pipeline:}, auto-commit off, byte serializers,
 * and the transactional id under exactly-once.
 */
final class KafkaClients {

  private KafkaClients() {}

  static void validate(EngineConfig config) {
    if (!config.kafka().values().containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new ConfigException(
          config.file()
              + ": missing configuration kafka.bootstrap.servers: varanus run needs the brokers"
              + " to connect to");
    }
    if (config.topics().input().isEmpty()) {
      throw new ConfigException(
          config.file() + ": missing configuration topics.input: name the topics to score");
    }
  }

  /** {@code max.partition.fetch.bytes} when batches are processed on several workers. */
  static final String PARTITION_FETCH_BYTES = "65536";

  static Map<String, Object> consumer(EngineConfig config) {
    PipelineConfig p = config.pipeline();
    Map<String, Object> c = config.kafka().toClientConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, p.groupId());
    if (p.instanceId() != null) {
      c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, p.instanceId());
    }
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Object protocol = c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || "classic".equalsIgnoreCase(protocol.toString())) {
      c.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(p.batchMaxSize()));
    if (p.workers() > 1) {
      // a poll returns one partition's fetched data before the next's: smaller fetches per
      // partition mix partitions within a batch, so that its lanes can run in parallel
      c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
    }
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (p.guarantee() == Guarantee.EXACTLY_ONCE) {
      c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
    return c;
  }

  static Map<String, Object> producer(EngineConfig config) {
    PipelineConfig p = config.pipeline();
    Map<String, Object> c = config.kafka().toClientConfig();
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    c.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    if (p.guarantee() == Guarantee.EXACTLY_ONCE) {
      String member = p.instanceId() != null ? p.instanceId() : UUID.randomUUID().toString();
      c.putIfAbsent(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "varanus-" + p.groupId() + "-" + member);
    } else {
      c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
    return c;
  }

  /**
   * The producer's {@code max.request.size} (the Kafka default unless {@code kafka:} sets it),
   * which bounds the dead letters' values.
   */
  static int maxRequestSize(EngineConfig config) {
    Object v = config.kafka().toClientConfig().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    if (v == null) {
      return DeadLetters.DEFAULT_MAX_REQUEST_SIZE;
    }
    try {
      int size = Integer.parseInt(v.toString().trim());
      if (size > DeadLetters.HEADROOM_BYTES) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        config.file()
            + ": kafka.max.request.size is '"
            + v
            + "'; expected a whole number of bytes above "
            + DeadLetters.HEADROOM_BYTES
            + " (the Kafka default is "
            + DeadLetters.DEFAULT_MAX_REQUEST_SIZE
            + ")");
  }

  static Map<String, Object> admin(EngineConfig config) {
    return config.kafka().toClientConfig();
  }
}
