package io.varanus.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.Origin;
import io.varanus.engine.config.MetricsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path, String accept) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      r.header("Accept", accept);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheContractNamesHealthAndReadiness() throws Exception {
    ServiceMetrics m = new ServiceMetrics();
    try (MetricsServer server = MetricsServer.start(new MetricsConfig(true, "127.0.0.1", 0), m)) {
      int port = server.port();
      assertThat(get(port, "/healthz", null).statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(503);
      assertThat(get(port, "/nothing", null).statusCode()).isEqualTo(404);

      Origin o = new Origin("web-in", 2, 41);
      m.consumed(o);
      m.scored(o, 3.5, true);
      m.deadLettered(o, "MALFORMED");
      m.batchScored(7, 2_000_000);
      m.modelReloaded(false);
      m.consumerLag(Map.of(new TopicPartition("web-in", 2), OptionalLong.of(12)));

      String text = get(port, "/metrics", null).body();
      assertThat(text)
          .contains("varanus_events_consumed_total{topic=\"web-in\"} 1")
          .contains("varanus_events_scored_total 1")
          .contains("varanus_events_screened_total 1")
          .contains("varanus_events_dead_lettered_total{reason=\"MALFORMED\"} 1")
          .contains("varanus_anomaly_score_bucket{le=\"5.0\"} 1")
          .contains("varanus_scoring_duration_seconds_count 1")
          .contains("varanus_batch_size_sum 7")
          .contains("varanus_model_reloads_total{result=\"failed\"} 1")
          .contains("varanus_model_reloads_total{result=\"ok\"} 0")
          .contains("varanus_consumer_lag_records{partition=\"2\",topic=\"web-in\"} 12")
          .contains("jvm_memory_used_bytes");
      String open = get(port, "/metrics", "application/openmetrics-text; version=1.0.0").body();
      assertThat(open)
          .containsPattern(
              "varanus_anomaly_score_bucket\\{le=\"5.0\"} 1 # \\{offset=\"41\",partition=\"2\","
                  + "topic=\"web-in\"} 3.5");
      // the native histogram travels in the protobuf format, when Prometheus asks for it
      HttpResponse<String> proto =
          get(
              port,
              "/metrics",
              "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                  + " encoding=delimited");
      assertThat(proto.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).contains("protobuf"));
      // no model yet: not ready even with partitions assigned
      assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(503);
      assertThat(get(port, "/metrics", null).body()).contains("varanus_kafka_reachable 1");
      m.kafkaReachability(() -> false);
      assertThat(get(port, "/metrics", null).body()).contains("varanus_kafka_reachable 0");
    }
  }
}
