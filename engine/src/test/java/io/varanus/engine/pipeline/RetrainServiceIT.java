package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.cli.VaranusCli;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import io.varanus.engine.pipeline.ServiceFixture.Sent;
import io.varanus.engine.store.LiveModel;
import io.varanus.engine.store.ModelStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 7 on the in-process broker: traffic flows through the service; {@code varanus retrain}
 * reads the input topic from the brokers; the gate passes and promotes the candidate into the
 * store; the running service swaps it in, and the alerts of later traffic carry its version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainServiceIT {

  private ServiceFixture fx;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
  }

  @Test
  void retrainReadsTheTopicAndTheServiceSwapsInThePromotedModel() throws Exception {
    String prefix = "retrain";
    fx.createTopics(prefix, 1);
    ModelStore store = new ModelStore(fx.dir.resolve("retrain-store"));
    Map<String, Object> pipeline = new HashMap<>();
    pipeline.put("model-store", store.dir().toString());
    pipeline.put("model-poll-interval", "100ms");
    Path cfgFile =
        fx.writeConfig(prefix, fx.service(prefix, fx.broker.bootstrapServers(), pipeline));
    // the first model: trained on normal traffic of the same hours the window will cover
    Path normal = fx.dir.resolve("retrain-normal.log");
    LabeledLogWriter.write(
        new GeneratorConfig(LogStream.WEB, 6000, 0, Instant.parse("2024-03-11T00:00:00Z"), 60),
        normal);
    int trained =
        VaranusCli.run(
            "train",
            "--config",
            cfgFile.toString(),
            "--input",
            normal.toString(),
            "--model-out",
            fx.dir.resolve("retrain-first").toString(),
            "--publish-to",
            store.dir().toString());
    assertThat(trained).isZero();
    String first = store.currentVersion().orElseThrow();
    EngineConfig cfg = EngineConfig.load(cfgFile);
    LiveModel model =
        LiveModel.fromStore(
            store, cfg.input(), Clock.systemUTC(), cfg.pipeline().modelPollInterval(), null, 3);
    Running service = fx.start(cfgFile, model);

    List<Sent> before = fx.produce(prefix + "-in", ServiceFixture.events(6000, 0.02, 61));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));

    Path out = fx.dir.resolve("retrain-out");
    int code =
        VaranusCli.run(
            "retrain",
            "--config",
            cfgFile.toString(),
            "--from-topic",
            prefix + "-in",
            "--since",
            "1h",
            "--out",
            out.toString());
    assertThat(code).as("retrain exit code (3: refused by the gate)").isZero();
    JsonNode report =
        ServiceFixture.JSON.readTree(out.resolve("report").resolve("comparison.json").toFile());
    String candidate = report.path("candidate_version").asText();
    assertThat(report.path("window").asText()).startsWith("kafka:" + prefix + "-in[0: 0-6000]");
    assertThat(report.path("counts").path("records").asLong()).isEqualTo(before.size());
    assertThat(report.path("gate_passed").asBoolean()).isTrue();
    assertThat(report.path("current_version").asText()).isEqualTo(first);
    assertThat(store.currentVersion()).contains(candidate);

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!model.current().version().equals(candidate) && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(model.current().version()).isEqualTo(candidate);

    List<Sent> after = fx.produce(prefix + "-in", ServiceFixture.events(2000, 0.05, 62));
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));
    service.stop();

    long firstAfter = after.get(0).offset();
    int newer = 0;
    int older = 0;
    for (ConsumerRecord<byte[], byte[]> r : fx.readAll(prefix + "-alerts", false)) {
      JsonNode a = ServiceFixture.json(r);
      long offset = a.at("/kafka/offset").asLong();
      String version = a.at("/rule/version").asText();
      if (offset >= firstAfter) {
        assertThat(version).as("alert for offset %d", offset).isEqualTo(candidate);
        newer++;
      } else {
        assertThat(version).as("alert for offset %d", offset).isEqualTo(first);
        older++;
      }
    }
    System.out.printf(
        "retrain on kafka: %d events read, candidate %s promoted; %d alerts by the first model, %d by"
            + " the candidate after%n",
        before.size(), candidate, older, newer);
    assertThat(older).isPositive();
    assertThat(newer).isPositive();
  }
}
