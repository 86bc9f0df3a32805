package io.varanus.connectors.feature.internal;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Event times as local time in one zone, for the time features and for what their training window
 * covers ({@code TimeCoverage}), so both count hours and weekdays the same way. Zones with a fixed
 * offset skip the zone-rules lookup.
 */
public final class LocalClock {

  /** Milliseconds per day. */
  public static final long DAY = 86_400_000L;

  private final ZoneId zone;
  private final boolean fixed;
  private final long fixedOffset;

  public LocalClock(ZoneId zone) {
    this.zone = zone;
    this.fixed = zone.getRules().isFixedOffset();
    this.fixedOffset =
        fixed ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
  }

  /** Epoch milliseconds {@code utcMillis} shifted to local wall-clock time. */
  public long local(long utcMillis) {
    if (fixed) {
      return utcMillis + fixedOffset;
    }
    return utcMillis
        + zone.getRules().getOffset(Instant.ofEpochMilli(utcMillis)).getTotalSeconds() * 1000L;
  }

  /** Milliseconds since local midnight of a {@link #local} time. */
  public static long timeOfDay(long local) {
    return Math.floorMod(local, DAY);
  }

  /** Day of week of a {@link #local} time: 0 for Monday to 6 for Sunday. */
  public static int dayOfWeek(long local) {
    return (int) Math.floorMod(Math.floorDiv(local, DAY) + 3, 7);
  }
}
