package io.varanus.engine.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.varanus.connectors.Origin;
import io.varanus.engine.alert.Alert;
import io.varanus.engine.pipeline.PipelineListener;
import io.varanus.engine.store.ActiveModel;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The service's metrics (names and labels are a contract, see DESIGN.md), registered in a registry
 * of their own together with the JVM metrics. Labels hold only bounded values: topics, partitions,
 * dead-letter reasons, severities, model versions; never entity values. The anomaly-score histogram
 * keeps classic buckets (for Grafana heatmaps and {@code histogram_quantile}) next to a native
 * histogram, and carries exemplars naming the event's topic, partition and offset.
 */
public final class ServiceMetrics implements PipelineListener {

  /** Score buckets: the negative ELBO is mostly small and positive, attacks reach the thousands. */
  static final double[] SCORE_BUCKETS = {
    -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000
  };

  static final double[] DURATION_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter consumed;
  private final Counter scored;
  private final Counter screened;
  private final Counter deadLettered;
  private final Counter alerts;
  private final Histogram score;
  private final Histogram scoringDuration;
  private final Histogram batchSize;
  private final Info modelInfo;
  private final Counter reloads;
  private volatile ActiveModel model;
  private volatile Map<TopicPartition, OptionalLong> lag = Map.of();
  private volatile BooleanSupplier kafkaReachable = () -> true;

  public ServiceMetrics() {
    consumed =
        Counter.builder()
            .name("varanus_events_consumed_total")
            .help("Records taken from the input topics")
            .labelNames("topic")
            .register(registry);
    scored =
        Counter.builder()
            .name("varanus_events_scored_total")
            .help("Events parsed and scored")
            .register(registry);
    screened =
        Counter.builder()
            .name("varanus_events_screened_total")
            .help(
                "Events scored with fewer Monte Carlo samples because they were clearly below the"
                    + " threshold (their score is an estimate; events near or above it are scored"
                    + " in full)")
            .register(registry);
    deadLettered =
        Counter.builder()
            .name("varanus_events_dead_lettered_total")
            .help("Records sent to the dead-letter topic, by parse failure reason")
            .labelNames("reason")
            .register(registry);
    alerts =
        Counter.builder()
            .name("varanus_alerts_published_total")
            .help("Alerts sent to the alerts topic, by severity")
            .labelNames("severity")
            .register(registry);
    score =
        Histogram.builder()
            .name("varanus_anomaly_score")
            .help("Anomaly score (negative ELBO) of each scored event")
            .classicUpperBounds(SCORE_BUCKETS)
            .register(registry);
    scoringDuration =
        Histogram.builder()
            .name("varanus_scoring_duration_seconds")
            .help("Time to parse, featurize and score one micro-batch")
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    batchSize =
        Histogram.builder()
            .name("varanus_batch_size")
            .help("Records per micro-batch")
            .classicUpperBounds(BATCH_BUCKETS)
            .register(registry);
    modelInfo =
        Info.builder()
            .name("varanus_model_info")
            .help("The model version scoring now and when it was trained")
            .labelNames("version", "trained_at")
            .register(registry);
    reloads =
        Counter.builder()
            .name("varanus_model_reloads_total")
            .help("Model versions from the store swapped in (ok) or refused (failed)")
            .labelNames("result")
            .register(registry);
    reloads.initLabelValues("ok");
    reloads.initLabelValues("failed");
    GaugeWithCallback.builder()
        .name("varanus_alert_threshold")
        .help("The score above which an event is anomalous, of the model scoring now")
        .callback(
            cb -> {
              ActiveModel m = model;
              if (m != null) {
                cb.call(m.threshold());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("varanus_consumer_lag_records")
        .help("Records between the consumer position and the high watermark, per partition")
        .labelNames("topic", "partition")
        .callback(
            cb ->
                lag.forEach(
                    (tp, l) -> {
                      if (l.isPresent()) {
                        cb.call(l.getAsLong(), tp.topic(), Integer.toString(tp.partition()));
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("varanus_kafka_reachable")
        .help("1 while the consumer group's coordinator answers heartbeats, else 0")
        .callback(cb -> cb.call(kafkaReachable.getAsBoolean() ? 1 : 0))
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * Ready to score: a model is loaded, the consumer has partitions assigned and the group
   * coordinator answers heartbeats (so readiness drops while the brokers are down).
   */
  public boolean ready() {
    return model != null && !lag.isEmpty() && kafkaReachable.getAsBoolean();
  }

  @Override
  public void consumed(Origin origin) {
    consumed.labelValues(origin.source()).inc();
  }

  @Override
  public void deadLettered(Origin origin, String reason) {
    deadLettered.labelValues(reason).inc();
  }

  @Override
  public void scored(Origin origin, double value, boolean screened) {
    scored.inc();
    if (screened) {
      this.screened.inc();
    }
    if (!Double.isFinite(value)) {
      return;
    }
    score.observeWithExemplar(
        value,
        Labels.of(
            "topic",
            origin.source(),
            "partition",
            Integer.toString(origin.partition()),
            "offset",
            Long.toString(origin.offset())));
  }

  @Override
  public void alerted(Alert alert) {
    alerts.labelValues(alert.severity()).inc();
  }

  @Override
  public void batchScored(int records, long nanos) {
    batchSize.observe(records);
    scoringDuration.observe(nanos / 1e9);
  }

  @Override
  public void modelActive(ActiveModel m) {
    model = m;
    modelInfo.setLabelValues(m.version(), m.bundle().manifest().createdAt());
  }

  @Override
  public void modelReloaded(boolean ok) {
    reloads.labelValues(ok ? "ok" : "failed").inc();
  }

  @Override
  public void kafkaReachability(BooleanSupplier reachable) {
    kafkaReachable = reachable;
  }

  @Override
  public void consumerLag(Map<TopicPartition, OptionalLong> lag) {
    this.lag = Map.copyOf(lag);
  }
}
