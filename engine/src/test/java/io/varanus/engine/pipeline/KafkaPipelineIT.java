package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import io.varanus.engine.pipeline.ServiceFixture.Sent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code varanus run} against a real in-process broker: delivery, dead letters, guarantees. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPipelineIT {

  private ServiceFixture fx;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
  }

  /**
   * Issue 5, test 1: every event is scored and committed; injected attacks raise alerts. With the
   * warm-up on: what it processes is neither counted nor sent.
   */
  @Test
  void everyEventIsScoredAndAttacksAlert() throws Exception {
    String prefix = "alo";
    fx.createTopics(prefix, 3);
    List<GeneratedEvent> events = ServiceFixture.events(3000, 0.05, 21);
    List<Sent> sent = fx.produce(prefix + "-in", events);
    Path cfg =
        fx.writeConfig(
            prefix, fx.service(prefix, fx.broker.bootstrapServers(), Map.of("warm-up", "1s")));
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));
    service.stop();

    PipelineStats.Snapshot s = service.pipeline().stats().snapshot();
    assertThat(s.consumed()).isEqualTo(events.size());
    assertThat(s.scored() + s.deadLettered() + s.skipped()).isEqualTo(events.size());
    List<ConsumerRecord<byte[], byte[]>> alerts = fx.readAll(prefix + "-alerts", false);
    assertThat(alerts).hasSize((int) s.alerts());
    Set<String> alerted = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> a : alerts) {
      JsonNode j = ServiceFixture.json(a);
      assertThat(j.at("/event/kind").asText()).isEqualTo("alert");
      assertThat(j.at("/kafka/topic").asText()).isEqualTo(prefix + "-in");
      assertThat(j.at("/rule/version").asText()).isEqualTo(fx.fixedModel(cfg).current().version());
      assertThat(j.at("/varanus/score").asDouble())
          .isGreaterThan(j.at("/varanus/threshold").asDouble());
      assertThat(j.at("/varanus/contributions")).isNotEmpty();
      assertThat(new String(a.key(), StandardCharsets.UTF_8))
          .isEqualTo(j.at("/source/ip").asText());
      alerted.add(j.at("/kafka/partition").asInt() + "@" + j.at("/kafka/offset").asLong());
    }
    List<Sent> attacks = sent.stream().filter(Sent::attack).toList();
    long caught =
        attacks.stream()
            .filter(a -> alerted.contains(a.partition().partition() + "@" + a.offset()))
            .count();
    long falseAlarms = alerted.size() - caught;
    System.out.printf(
        "at-least-once: %d events, %d attacks, %d alerts, %d attacks caught, %d false alarms%n",
        events.size(), attacks.size(), alerts.size(), caught, falseAlarms);
    assertThat(caught).isGreaterThan(attacks.size() / 3);
  }

  /** Exactly-once: alerts read with read_committed appear once each, offsets in the transaction. */
  @Test
  void exactlyOnceAlertsAppearOnce() throws Exception {
    String prefix = "eos";
    fx.createTopics(prefix, 2);
    List<GeneratedEvent> events = ServiceFixture.events(1500, 0.1, 31);
    fx.produce(prefix + "-in", events);
    Path cfg =
        fx.writeConfig(
            prefix,
            fx.service(
                prefix,
                fx.broker.bootstrapServers(),
                Map.of("processing-guarantee", "exactly-once", "instance-id", "eos-1")));
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));
    service.stop();

    PipelineStats.Snapshot s = service.pipeline().stats().snapshot();
    assertThat(s.scored() + s.deadLettered() + s.skipped()).isEqualTo(events.size());
    List<ConsumerRecord<byte[], byte[]>> alerts = fx.readAll(prefix + "-alerts", true);
    List<String> ids = new ArrayList<>();
    alerts.forEach(a -> ids.add(ServiceFixture.json(a).at("/event/id").asText()));
    assertThat(ids).hasSize((int) s.alerts()).doesNotHaveDuplicates();
    assertThat(ids).isNotEmpty();
  }

  /**
   * Partitions processed in parallel score and alert exactly as one worker does: the same alerts
   * (id and score) from four partitions of entity-keyed input, one run with one worker and
   * at-least-once, one with three workers and exactly-once, each in its own group.
   */
  @Test
  void workersChangeNothingButSpeed() throws Exception {
    String prefix = "lanes";
    fx.createTopics(prefix, 4);
    fx.broker.createTopic(prefix + "-alerts-3", 1);
    List<GeneratedEvent> events = ServiceFixture.events(4000, 0.05, 41);
    try (KafkaProducer<byte[], byte[]> p = fx.producer()) {
      for (GeneratedEvent e : events) {
        String ip = e.line().substring(0, e.line().indexOf(' '));
        p.send(
            new ProducerRecord<>(
                prefix + "-in",
                ip.getBytes(StandardCharsets.UTF_8),
                e.line().getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
    Map<String, Double> one = alertScores(prefix, "-1", Map.of("workers", 1), false);
    Map<String, Double> three =
        alertScores(
            prefix,
            "-3",
            Map.of("workers", 3, "processing-guarantee", "exactly-once", "instance-id", "lanes-3"),
            true);
    assertThat(one).hasSizeGreaterThan(50);
    assertThat(three).isEqualTo(one);
  }

  private Map<String, Double> alertScores(
      String prefix, String run, Map<String, Object> pipeline, boolean ownAlertsTopic)
      throws Exception {
    Map<String, Object> p = new java.util.HashMap<>(pipeline);
    p.put("group-id", prefix + run);
    Map<String, Object> sections =
        new java.util.HashMap<>(fx.service(prefix, fx.broker.bootstrapServers(), p));
    String alerts = prefix + "-alerts" + (ownAlertsTopic ? run : "");
    sections.put(
        "topics",
        Map.of("input", List.of(prefix + "-in"), "alerts", alerts, "dead-letter", prefix + "-dlq"));
    Path cfg = fx.writeConfig(prefix + run, sections);
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    fx.awaitCommitted(prefix + run, prefix + "-in", Duration.ofSeconds(90));
    service.stop();
    Map<String, Double> scores = new java.util.TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> a : fx.readAll(alerts, true)) {
      JsonNode j = ServiceFixture.json(a);
      scores.put(j.at("/event/id").asText(), j.at("/varanus/score").asDouble());
    }
    assertThat(scores).hasSize((int) service.pipeline().stats().snapshot().alerts());
    return scores;
  }

  /**
   * Issue 5, test 4: malformed records land in the dead-letter topic with reasons; the rest flows.
   */
  @Test
  void malformedRecordsAreDeadLettered() throws Exception {
    String prefix = "dlq";
    fx.createTopics(prefix, 1);
    List<GeneratedEvent> good = ServiceFixture.events(300, 0.0, 41);
    int bad = 0;
    try (KafkaProducer<byte[], byte[]> p = fx.producer()) {
      for (int i = 0; i < good.size(); i++) {
        p.send(
            new ProducerRecord<>(
                prefix + "-in", good.get(i).line().getBytes(StandardCharsets.UTF_8)));
        if (i % 30 == 0) {
          RecordHeaders h = new RecordHeaders();
          h.add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
          p.send(
              new ProducerRecord<>(
                  prefix + "-in",
                  null,
                  ("k" + i).getBytes(StandardCharsets.UTF_8),
                  ("not an access log line " + i).getBytes(StandardCharsets.UTF_8),
                  h));
          p.send(new ProducerRecord<>(prefix + "-in", new byte[0]));
          bad++;
        }
      }
      p.flush();
    }
    Path cfg = fx.writeConfig(prefix, fx.service(prefix, fx.broker.bootstrapServers(), Map.of()));
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(60));
    service.stop();

    PipelineStats.Snapshot s = service.pipeline().stats().snapshot();
    assertThat(s.scored()).isEqualTo(good.size());
    assertThat(s.deadLettered()).isEqualTo(bad);
    assertThat(s.skipped()).isEqualTo(bad); // the empty records
    List<ConsumerRecord<byte[], byte[]>> dead = fx.readAll(prefix + "-dlq", false);
    assertThat(dead).hasSize(bad);
    for (ConsumerRecord<byte[], byte[]> d : dead) {
      String value = new String(d.value(), StandardCharsets.UTF_8);
      String n = value.substring(value.lastIndexOf(' ') + 1);
      assertThat(value).startsWith("not an access log line");
      assertThat(new String(d.key(), StandardCharsets.UTF_8)).isEqualTo("k" + n);
      assertThat(header(d, "trace")).isEqualTo("t" + n);
      assertThat(header(d, DeadLetters.REASON)).isNotBlank();
      assertThat(header(d, DeadLetters.EXCEPTION)).endsWith("InvalidEventException");
      assertThat(header(d, DeadLetters.TOPIC)).isEqualTo(prefix + "-in");
      assertThat(header(d, DeadLetters.PARTITION)).isEqualTo("0");
      assertThat(Long.parseLong(header(d, DeadLetters.OFFSET))).isNotNegative();
      assertThat(header(d, DeadLetters.TIME)).isNotBlank();
      assertThat(header(d, DeadLetters.MESSAGE)).doesNotContain("not an access log line");
    }
  }

  /**
   * A 2 MB input record (the input topic allows it) is dead-lettered with its value cut to what the
   * producer can send; before the cut, the batch holding it could never be published and the
   * service failed on it after every restart.
   */
  @Test
  void anOversizedRecordIsDeadLetteredCutToTheRequestSize() throws Exception {
    String prefix = "dlq-big";
    int big = 2 * 1024 * 1024;
    try (Admin admin = fx.broker.admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + "-in", 1, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4194304"))))
          .all()
          .get();
    }
    fx.broker.createTopic(prefix + "-alerts", 1);
    fx.broker.createTopic(prefix + "-dlq", 1);
    List<GeneratedEvent> good = ServiceFixture.events(200, 0.0, 43);
    byte[] huge = new byte[big];
    java.util.Arrays.fill(huge, (byte) 'a');
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.broker.bootstrapServers());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < good.size(); i++) {
        if (i == 100) {
          p.send(new ProducerRecord<>(prefix + "-in", huge)).get();
        }
        p.send(
            new ProducerRecord<>(
                prefix + "-in", good.get(i).line().getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
    }
    Path cfg = fx.writeConfig(prefix, fx.service(prefix, fx.broker.bootstrapServers(), Map.of()));
    Running service = fx.start(cfg, fx.fixedModel(cfg));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(60));
    service.stop();

    PipelineStats.Snapshot s = service.pipeline().stats().snapshot();
    assertThat(s.scored()).isEqualTo(good.size());
    assertThat(s.deadLettered()).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> dead = fx.readAll(prefix + "-dlq", false);
    assertThat(dead).hasSize(1);
    ConsumerRecord<byte[], byte[]> d = dead.get(0);
    assertThat(d.value())
        .hasSize(DeadLetters.DEFAULT_MAX_REQUEST_SIZE - DeadLetters.HEADROOM_BYTES);
    assertThat(header(d, DeadLetters.VALUE_TRUNCATED_FROM)).isEqualTo(Integer.toString(big));
    assertThat(header(d, DeadLetters.OFFSET)).isEqualTo("100");
    assertThat(header(d, DeadLetters.REASON)).isEqualTo("OVERSIZE");
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    var h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
