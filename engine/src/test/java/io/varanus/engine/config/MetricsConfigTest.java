package io.varanus.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsConfigTest {

  @TempDir Path dir;

  private EngineConfig load(String yaml) throws Exception {
    Path f = dir.resolve("run.yml");
    Files.writeString(f, "input: {format: json}\nfeatures:\n  numeric: [{field: bytes}]\n" + yaml);
    return EngineConfig.load(f);
  }

  @Test
  void defaultsServeOnAllAddressesAtPort9464() throws Exception {
    assertThat(load("").metrics()).isEqualTo(new MetricsConfig(true, "0.0.0.0", 9464));
  }

  @Test
  void readsTheSection() throws Exception {
    assertThat(load("metrics: {host: 127.0.0.1, port: 0}\n").metrics())
        .isEqualTo(new MetricsConfig(true, "127.0.0.1", 0));
    assertThat(load("metrics: {enabled: false}\n").metrics().enabled()).isFalse();
  }

  @Test
  void rejectsUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> load("metrics: {address: x}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key metrics.address");
    assertThatThrownBy(() -> load("metrics: {port: 70000}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> load("metrics: {port: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.port");
    assertThatThrownBy(() -> load("metrics: {enabled: maybe}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.enabled");
  }
}
