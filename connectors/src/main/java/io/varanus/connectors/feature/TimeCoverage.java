package io.varanus.connectors.feature;

import io.varanus.connectors.feature.internal.LocalClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Which cycles of the time features the training events cover. A model learns a cycle only from
 * data that spans it: trained on nine hours of a Monday, it sees the hour and the weekday as nearly
 * constant and scores every event of another hour or day as anomalous (measured on the generator's
 * web stream: precision at the threshold 0.91 a week later, 0.03 a day later). So a model leaves
 * out
 *
 * <ul>
 *   <li>the time-of-day pair unless the events span at least {@link #FULL_DAY} (a day, give or take
 *       its last hour, so a window of {@code --since 1d} counts), and
 *   <li>the day-of-week pair unless the events fall on all seven weekdays (in the spec's zone),
 * </ul>
 *
 * <p>unless the spec says {@code require-full-cycle: false}.
 */
public final class TimeCoverage {

  /** The shortest span that counts as covering the daily cycle. */
  public static final Duration FULL_DAY = Duration.ofHours(23);

  private static final int ALL_WEEKDAYS = 0x7f;

  private final ZoneId zone;
  private final LocalClock clock;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;
  private int weekdays;
  private long events;

  public TimeCoverage(TimeFeatureSpec spec) {
    this.zone = ZoneId.of(spec.zone());
    this.clock = new LocalClock(zone);
  }

  /** Observes one training event's time (epoch milliseconds). */
  public void observe(long millis) {
    first = Math.min(first, millis);
    last = Math.max(last, millis);
    weekdays |= 1 << LocalClock.dayOfWeek(clock.local(millis));
    events++;
  }

  /**
   * {@code spec} with only the cycles the observed events cover, or null when they cover neither; a
   * sentence per cycle left out goes to {@code notes}.
   */
  public TimeFeatureSpec covered(TimeFeatureSpec spec, Consumer<String> notes) {
    if (!spec.requiresFullCycle()) {
      return spec;
    }
    Duration span = events == 0 ? Duration.ZERO : Duration.ofMillis(last - first);
    boolean hours = spec.timeOfDay() && span.compareTo(FULL_DAY) >= 0;
    boolean days = spec.dayOfWeek() && weekdays == ALL_WEEKDAYS;
    if (spec.timeOfDay() && !hours) {
      notes.accept(
          "features.time: time of day left out: the training events span "
              + describe(span)
              + ", less than the day (23 h or more) a model needs to learn the daily cycle;"
              + " with it, every event at an hour the window missed would look anomalous."
              + " Train on a window of a day or more to keep it.");
    }
    if (spec.dayOfWeek() && !days) {
      notes.accept(
          "features.time: day of week left out: the training events fall on "
              + weekdayNames()
              + " ("
              + Integer.bitCount(weekdays)
              + " of 7 weekdays in "
              + zone
              + "); with it, every event on another weekday would look anomalous."
              + " Train on a window of a week or more to keep it.");
    }
    if (hours == spec.timeOfDay() && days == spec.dayOfWeek()) {
      return spec;
    }
    return hours || days
        ? new TimeFeatureSpec(spec.name(), spec.zone(), hours, days, spec.requireFullCycle())
        : null;
  }

  private String weekdayNames() {
    if (weekdays == 0) {
      return "no day";
    }
    List<String> names = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      if ((weekdays & (1 << d)) != 0) {
        names.add(DayOfWeek.of(d + 1).getDisplayName(TextStyle.SHORT, Locale.ROOT));
      }
    }
    return String.join(", ", names);
  }

  private static String describe(Duration d) {
    if (d.toHours() >= 1) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() >= 1) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return d.toMillis() + " ms";
  }
}
