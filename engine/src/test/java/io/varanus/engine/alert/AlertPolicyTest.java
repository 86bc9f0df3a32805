package io.varanus.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.config.EngineConfig.AlertingConfig;
import io.varanus.engine.config.SeverityBand;
import io.varanus.engine.offline.Contribution;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ScoredEvent;
import io.varanus.engine.testing.MutableClock;
import io.varanus.models.vae.Score;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

  private static final List<SeverityBand> BANDS =
      List.of(
          new SeverityBand("low", 0),
          new SeverityBand("high", 99),
          new SeverityBand("critical", 100));

  private final MutableClock clock = new MutableClock(Instant.parse("2024-03-04T10:00:00Z"));
  private long offset;

  private ScoredEvent scored(String ip, double value, double grade, String topFeature) {
    Origin o = new Origin("logs", 0, offset++);
    LogEvent e = new LogEvent(clock.instant(), Map.of("source.ip", ip, "user.name", "bob"), o);
    Score s = Score.of(value, value, 0, grade, new double[] {1}, new double[] {1}, new float[] {0});
    return new ScoredEvent(
        new LabeledEvent(e, RawRecord.of(o, "raw " + ip), null, null),
        new float[] {1},
        s,
        true,
        List.of(new Contribution(topFeature, 1.0, 5.0, 1.0)));
  }

  private AlertPolicy policy(Duration window, double rate) {
    return new AlertPolicy(new AlertingConfig(0.01, null, null, BANDS, window, rate), clock);
  }

  @Test
  void alertsAboveThresholdWithSeverityAndEntity() {
    AlertPolicy p = policy(Duration.ZERO, 0);
    assertThat(p.evaluate(scored("10.0.0.1", 5, 50, "bytes"), "m1", 10)).isEmpty();
    Alert a = p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m1", 10).orElseThrow();
    assertThat(a.severity()).isEqualTo("high");
    assertThat(a.entity()).isEqualTo("10.0.0.1");
    assertThat(a.entityFields()).containsEntry("user.name", "bob");
    assertThat(a.modelVersion()).isEqualTo("m1");
    assertThat(a.id()).isEqualTo("logs-0-1");
    assertThat(p.severity(100)).isEqualTo("critical");
    assertThat(p.severity(Double.NaN)).isEqualTo("low");

    var json = new AlertJson().toTree(a);
    assertThat(json.at("/source/ip").asText()).isEqualTo("10.0.0.1");
    assertThat(json.at("/user/name").asText()).isEqualTo("bob");
    assertThat(json.at("/rule/name").asText()).isEqualTo("varanus-vae");
    assertThat(json.at("/varanus/contributions/0/feature").asText()).isEqualTo("bytes");
    assertThat(json.at("/kafka/offset").asLong()).isEqualTo(1);
    assertThat(json.at("/event/original").asText()).isEqualTo("raw 10.0.0.1");
  }

  @Test
  void suppressesSameEntityAndFeatureInsideTheWindow() {
    AlertPolicy p = policy(Duration.ofMinutes(5), 0);
    assertThat(p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m", 10)).isPresent();
    assertThat(p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m", 10)).isEmpty();
    assertThat(p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m", 10)).isEmpty();
    assertThat(p.evaluate(scored("10.0.0.1", 20, 99.5, "paths"), "m", 10)).isPresent();
    assertThat(p.evaluate(scored("10.0.0.2", 20, 99.5, "bytes"), "m", 10)).isPresent();
    clock.advance(Duration.ofMinutes(6));
    Optional<Alert> next = p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m", 10);
    assertThat(next).isPresent();
    assertThat(next.get().suppressedCount()).isEqualTo(2);
    assertThat(p.suppressedTotal()).isEqualTo(2);
  }

  @Test
  void capsTheAlertRate() {
    AlertPolicy p = policy(Duration.ZERO, 2);
    int published = 0;
    for (int i = 0; i < 10; i++) {
      published +=
          p.evaluate(scored("10.0.0." + i, 20, 99.5, "bytes"), "m", 10).isPresent() ? 1 : 0;
    }
    assertThat(published).isEqualTo(2);
    assertThat(p.rateLimitedTotal()).isEqualTo(8);
    clock.advance(Duration.ofSeconds(1));
    assertThat(p.evaluate(scored("10.0.0.1", 20, 99.5, "bytes"), "m", 10)).isPresent();
  }
}
