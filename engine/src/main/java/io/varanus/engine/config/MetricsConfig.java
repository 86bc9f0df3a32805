package io.varanus.engine.config;

/**
 * The {@code metrics:} section of {@code varanus run}: whether to serve {@code /metrics}, {@code
 * /healthz} and {@code /readyz}, and on which address and port (0 picks a free port). Offline
 * commands never serve anything.
 */
public record MetricsConfig(boolean enabled, String host, int port) {

  public static final int DEFAULT_PORT = 9464;

  public MetricsConfig {
    if (host == null || host.isBlank()) {
      throw new ConfigException(
          "Invalid value " + host + " for configuration metrics.host: must name an address");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          "Invalid value " + port + " for configuration metrics.port: must be 0-65535");
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(true, "0.0.0.0", DEFAULT_PORT);
  }
}
