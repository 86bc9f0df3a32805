package io.varanus.engine.cli;

import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.metrics.MetricsServer;
import io.varanus.engine.metrics.ServiceMetrics;
import io.varanus.engine.pipeline.KafkaPipeline;
import io.varanus.engine.store.LiveModel;
import io.varanus.engine.store.ModelStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The Kafka service: score every event of the input topics, publish alerts (JSON, keyed by"
          + " entity) and dead letters, commit offsets after they are acknowledged (or in one"
          + " transaction with processing-guarantee: exactly-once).",
      "The model comes from pipeline.model-store (new versions are swapped in between batches) or"
          + " from --model. SIGTERM finishes the batch, commits and exits.",
      "Serves /metrics, /healthz and /readyz on metrics.host:metrics.port (default 0.0.0.0:9464)"
          + " unless metrics.enabled is false."
    })
final class RunCommand implements Callable<Integer> {

  static final int TOP_CONTRIBUTIONS = 3;

  @Option(names = "--config", required = true, description = "Engine config (YAML).")
  Path config;

  @Option(
      names = "--model",
      description = "A fixed model bundle directory, instead of pipeline.model-store.")
  Path model;

  @Override
  public Integer call() throws InterruptedException {
    EngineConfig cfg = EngineConfig.load(config);
    Clock clock = Clock.systemUTC();
    ServiceMetrics metrics = new ServiceMetrics();
    KafkaPipeline pipeline = new KafkaPipeline(cfg, liveModel(cfg, clock), clock, metrics);
    MetricsServer server =
        cfg.metrics().enabled() ? MetricsServer.start(cfg.metrics(), metrics) : null;
    Duration grace = cfg.pipeline().shutdownTimeout().plusSeconds(5);
    Thread hook =
        new Thread(
            () -> {
              pipeline.stop();
              try {
                pipeline.awaitStopped(grace);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "varanus-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      pipeline.run();
    } finally {
      if (server != null) {
        server.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and waits for run() to return
      }
    }
    return VaranusCli.OK;
  }

  private LiveModel liveModel(EngineConfig cfg, Clock clock) {
    Double threshold = cfg.alerting().thresholdOverride();
    if (model != null) {
      return LiveModel.fixed(model, cfg.input(), clock, threshold, TOP_CONTRIBUTIONS);
    }
    Path store = cfg.pipeline().modelStore();
    if (store == null) {
      throw new ConfigException(
          cfg.file() + ": missing configuration pipeline.model-store (or pass --model DIR)");
    }
    return LiveModel.fromStore(
        new ModelStore(store),
        cfg.input(),
        clock,
        cfg.pipeline().modelPollInterval(),
        threshold,
        TOP_CONTRIBUTIONS);
  }
}
