package io.varanus.engine.alert;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.engine.config.EngineConfig.AlertingConfig;
import io.varanus.engine.config.SeverityBand;
import io.varanus.engine.offline.ScoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which scored events become alerts. An event alerts when its score is above the threshold;
 * its severity is the highest band its grade reaches. Within the suppression window, further alerts
 * of the same entity and the same top feature are suppressed and counted; the next alert published
 * for them carries that {@code suppressed_count}. A token bucket caps alerts per second; alerts
 * over the cap are dropped and counted. Time is the injected clock's (processing time).
 *
 * <p>Not thread-safe: one policy per pipeline loop. Suppression state is bounded: expired entries
 * are evicted, and at most {@value #MAX_TRACKED} entity/feature pairs are tracked.
 */
public final class AlertPolicy {

  /** ECS entity fields copied into alerts when the event has them. */
  public static final List<String> ENTITY_FIELDS =
      List.of("source.ip", "user.name", "host.name", "destination.ip");

  static final int MAX_TRACKED = 100_000;
  static final int ORIGINAL_MAX_CHARS = 1024;

  private record Window(long startMillis, long suppressed) {}

  private final AlertingConfig config;
  private final Clock clock;
  private final long windowMillis;
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();
  private double tokens;
  private long lastRefillMillis;
  private long suppressedTotal;
  private long rateLimitedTotal;

  public AlertPolicy(AlertingConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.windowMillis = config.suppressionWindow().toMillis();
    this.tokens = Math.max(1, config.maxAlertsPerSecond());
    this.lastRefillMillis = clock.millis();
  }

  /**
   * The alert to publish for {@code e}, or empty when it is below the threshold, suppressed or over
   * the rate cap.
   */
  public Optional<Alert> evaluate(ScoredEvent e, String modelVersion, double threshold) {
    double value = e.score().value();
    if (!(value > threshold)) {
      return Optional.empty();
    }
    long now = clock.millis();
    LogEvent event = e.source().event();
    Map<String, String> fields = entityFields(event);
    String entity = entity(event, fields);
    String top = e.contributions().isEmpty() ? "" : e.contributions().get(0).feature();
    long suppressedBefore = 0;
    if (windowMillis > 0 && entity != null) {
      evictExpired(now);
      String key = entity + '\u0000' + top;
      Window w = windows.get(key);
      if (w != null && now - w.startMillis() < windowMillis) {
        windows.put(key, new Window(w.startMillis(), w.suppressed() + 1));
        suppressedTotal++;
        return Optional.empty();
      }
      suppressedBefore = w == null ? 0 : w.suppressed();
      windows.remove(key);
      windows.put(key, new Window(now, 0));
    }
    if (!takeToken(now)) {
      rateLimitedTotal++;
      return Optional.empty();
    }
    Origin o = event.origin();
    return Optional.of(
        new Alert(
            o.source() + "-" + o.partition() + "-" + o.offset(),
            clock.instant(),
            o,
            original(e),
            modelVersion,
            value,
            threshold,
            e.score().grade(),
            severity(e.score().grade()),
            e.contributions(),
            suppressedBefore,
            entity,
            fields));
  }

  /** The severity band a grade falls in; NaN grades get the lowest band. */
  public String severity(double grade) {
    List<SeverityBand> bands = config.severities();
    String s = bands.get(0).name();
    for (SeverityBand b : bands) {
      if (grade >= b.minGrade()) {
        s = b.name();
      }
    }
    return s;
  }

  /** Alerts suppressed so far (same entity and top feature inside the window). */
  public long suppressedTotal() {
    return suppressedTotal;
  }

  /** Alerts dropped so far by the rate cap. */
  public long rateLimitedTotal() {
    return rateLimitedTotal;
  }

  private Map<String, String> entityFields(LogEvent event) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : ENTITY_FIELDS) {
      String v = event.string(f);
      if (v != null && !v.isEmpty()) {
        out.put(f, v);
      }
    }
    String f = config.entityField();
    if (f != null && event.string(f) != null) {
      out.put(f, event.string(f));
    }
    return out;
  }

  private String entity(LogEvent event, Map<String, String> fields) {
    if (config.entityField() != null) {
      return event.string(config.entityField());
    }
    return fields.isEmpty() ? null : fields.values().iterator().next();
  }

  private void evictExpired(long now) {
    Iterator<Window> it = windows.values().iterator();
    while (it.hasNext()) {
      Window w = it.next();
      if (now - w.startMillis() >= 2 * windowMillis || windows.size() > MAX_TRACKED) {
        it.remove();
      } else {
        break;
      }
    }
  }

  private boolean takeToken(long now) {
    double rate = config.maxAlertsPerSecond();
    if (rate <= 0) {
      return true;
    }
    tokens = Math.min(Math.max(1, rate), tokens + (now - lastRefillMillis) * rate / 1000.0);
    lastRefillMillis = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private static String original(ScoredEvent e) {
    byte[] raw = e.source().raw() == null ? new byte[0] : e.source().raw().value();
    String s = new String(raw, StandardCharsets.UTF_8);
    return s.length() <= ORIGINAL_MAX_CHARS ? s : s.substring(0, ORIGINAL_MAX_CHARS) + "...";
  }

  /** The suppression window in effect (zero: off). */
  public Duration suppressionWindow() {
    return config.suppressionWindow();
  }
}
