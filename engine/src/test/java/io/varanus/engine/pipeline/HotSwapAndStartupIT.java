package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.pipeline.ServiceFixture.Running;
import io.varanus.engine.store.LiveModel;
import io.varanus.engine.store.ModelStore;
import io.varanus.models.io.VaeModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hot swap under load (issue 5, test 5) and a broker that is down at start (test 6). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotSwapAndStartupIT {

  private ServiceFixture fx;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
  }

  @Test
  void swapsModelsUnderLoadWithoutAGap() throws Exception {
    String prefix = "swap";
    fx.createTopics(prefix, 2);
    ModelStore store = new ModelStore(fx.dir.resolve("store"));
    store.publish(fx.bundle, "v1");
    Map<String, Object> pipeline = new HashMap<>();
    pipeline.put("model-store", store.dir().toString());
    pipeline.put("model-poll-interval", "100ms");
    Path cfgFile =
        fx.writeConfig(prefix, fx.service(prefix, fx.broker.bootstrapServers(), pipeline));
    EngineConfig cfg = EngineConfig.load(cfgFile);
    LiveModel model =
        LiveModel.fromStore(
            store, cfg.input(), Clock.systemUTC(), cfg.pipeline().modelPollInterval(), null, 3);
    String v1 = model.current().version();
    Running service = fx.start(cfgFile, model);

    List<GeneratedEvent> events = ServiceFixture.events(4000, 0.2, 51);
    AtomicReference<Exception> producerFailure = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < events.size(); i += 100) {
                  fx.produce(prefix + "-in", events.subList(i, Math.min(events.size(), i + 100)));
                  Thread.sleep(60);
                }
              } catch (Exception e) {
                producerFailure.set(e);
              }
            });
    producer.start();

    await(() -> service.pipeline().stats().snapshot().alerts() > 0, "first alerts");
    Path bad = fx.dir.resolve("bad-bundle");
    copyWithVersion(fx.bundle, bad, v1 + "-bad");
    Files.write(bad.resolve(VaeModelFiles.WEIGHTS_FILE), new byte[] {1, 2, 3});
    store.publish(bad, "v2");
    await(() -> model.reloadsFailed() == 1, "the bad bundle to be refused");
    assertThat(model.current().version()).isEqualTo(v1);

    Path good = fx.dir.resolve("good-bundle");
    copyWithVersion(fx.bundle, good, v1 + "-v3");
    store.publish(good, "v3");
    await(() -> model.current().version().equals(v1 + "-v3"), "the swap to v3");
    producer.join();
    assertThat(producerFailure.get()).isNull();
    fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(90));
    service.stop();

    PipelineStats.Snapshot s = service.pipeline().stats().snapshot();
    assertThat(s.consumed()).isEqualTo(events.size());
    assertThat(s.scored() + s.deadLettered() + s.skipped()).isEqualTo(events.size());
    assertThat(model.reloadsOk()).isEqualTo(1);
    Map<Integer, Long> firstNewOffset = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> alerts = fx.readAll(prefix + "-alerts", false);
    long newAlerts = 0;
    for (ConsumerRecord<byte[], byte[]> a : alerts) {
      JsonNode j = ServiceFixture.json(a);
      String version = j.at("/rule/version").asText();
      assertThat(version).isIn(v1, v1 + "-v3");
      if (version.equals(v1 + "-v3")) {
        newAlerts++;
        firstNewOffset.merge(
            j.at("/kafka/partition").asInt(), j.at("/kafka/offset").asLong(), Math::min);
      }
    }
    assertThat(newAlerts).isPositive();
    for (ConsumerRecord<byte[], byte[]> a : alerts) {
      JsonNode j = ServiceFixture.json(a);
      Long first = firstNewOffset.get(j.at("/kafka/partition").asInt());
      if (first != null && j.at("/kafka/offset").asLong() > first) {
        assertThat(j.at("/rule/version").asText())
            .as("alerts after the swap")
            .isEqualTo(v1 + "-v3");
      }
    }
  }

  @Test
  void waitsForABrokerThatIsDownAtStart() throws Exception {
    String prefix = "late";
    fx.createTopics(prefix, 1);
    try (TcpProxy proxy = new TcpProxy(fx.broker.bootstrapServers())) {
      Path cfg = fx.writeConfig(prefix, fx.service(prefix, proxy.address(), Map.of()));
      Running service = fx.start(cfg, fx.fixedModel(cfg));
      Thread.sleep(2500);
      assertThat(service.thread().isAlive()).isTrue();
      assertThat(service.failure().get()).isNull();
      assertThat(service.pipeline().stats().snapshot().batches()).isZero();
      proxy.open();
      List<GeneratedEvent> events = ServiceFixture.events(200, 0.0, 61);
      fx.produce(prefix + "-in", events);
      fx.awaitCommitted(prefix + "-group", prefix + "-in", Duration.ofSeconds(60));
      service.stop();
      assertThat(service.pipeline().stats().snapshot().scored()).isEqualTo(events.size());
    }
  }

  private static void copyWithVersion(Path from, Path to, String version) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    Path manifest = to.resolve(ModelBundles.MANIFEST);
    ObjectNode m = (ObjectNode) ServiceFixture.JSON.readTree(manifest.toFile());
    m.put("modelVersion", version);
    ServiceFixture.JSON.writeValue(manifest.toFile(), m);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
