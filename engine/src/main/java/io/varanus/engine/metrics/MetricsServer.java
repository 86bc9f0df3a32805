package io.varanus.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.varanus.engine.config.MetricsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (Prometheus text, OpenMetrics or protobuf, as the scraper asks), {@code
 * /healthz} (200 while the process runs) and {@code /readyz} (200 when ready to score, else 503).
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Starts serving {@code metrics}; fails when the address cannot be bound. */
  public static MetricsServer start(MetricsConfig config, ServiceMetrics metrics) {
    return start(config, metrics, metrics::ready);
  }

  static MetricsServer start(MetricsConfig config, ServiceMetrics metrics, BooleanSupplier ready) {
    try {
      HTTPServer server =
          HTTPServer.builder()
              .hostname(config.host())
              .port(config.port())
              .registry(metrics.registry())
              .defaultHandler(exchange -> health(exchange, ready))
              .buildAndStart();
      LOG.info("Serving /metrics, /healthz and /readyz on {}:{}", config.host(), server.getPort());
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve metrics on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
          e);
    }
  }

  private static void health(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int status;
    String body;
    if (path.equals("/healthz")) {
      status = 200;
      body = "ok\n";
    } else if (path.equals("/readyz")) {
      boolean r = ready.getAsBoolean();
      status = r ? 200 : 503;
      body =
          r
              ? "ready\n"
              : "not ready: no model loaded, no partitions assigned or Kafka unreachable\n";
    } else {
      status = 404;
      body = "not found; try /metrics, /healthz or /readyz\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port served, useful when the config asked for port 0. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
