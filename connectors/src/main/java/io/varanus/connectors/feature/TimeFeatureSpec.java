package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Cyclic time features of the event timestamp (or the injected clock when the event has none):
 * {@code <name>.hour_sin}, {@code <name>.hour_cos} (time of day, to the second) and {@code
 * <name>.dow_sin}, {@code <name>.dow_cos} (day of week). They lie in [-1, 1] and are not
 * standardized.
 *
 * @param name prefix of the feature names (default {@code time})
 * @param zone time zone in which hours and days are counted (default {@code UTC})
 * @param timeOfDay emit the time-of-day pair (default true)
 * @param dayOfWeek emit the day-of-week pair (default true)
 * @param requireFullCycle when not false (the default, kept as null so that saved states stay as
 *     they were), a model's training leaves out a pair whose cycle its events do not cover ({@link
 *     TimeCoverage}); false keeps both pairs whatever the training window
 */
public record TimeFeatureSpec(
    String name,
    String zone,
    @JsonProperty("time-of-day") Boolean timeOfDay,
    @JsonProperty("day-of-week") Boolean dayOfWeek,
    @JsonProperty("require-full-cycle") @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean requireFullCycle) {

  /** The pairs named, with the default coverage rule. */
  public TimeFeatureSpec(String name, String zone, Boolean timeOfDay, Boolean dayOfWeek) {
    this(name, zone, timeOfDay, dayOfWeek, null);
  }

  public TimeFeatureSpec {
    name = requireText("name", or(name, "time"));
    zone = or(zone, "UTC");
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new InvalidFeatureSpecException("zone", zone, "must be a time zone id such as UTC");
    }
    timeOfDay = or(timeOfDay, true);
    dayOfWeek = or(dayOfWeek, true);
    if (!timeOfDay && !dayOfWeek) {
      throw new InvalidFeatureSpecException(
          "time-of-day", false, "time-of-day and day-of-week cannot both be false");
    }
  }

  /** Whether training leaves out the pairs whose cycle its events do not cover. */
  public boolean requiresFullCycle() {
    return !Boolean.FALSE.equals(requireFullCycle);
  }

  /** The names of the blocks this entry emits, in schema order. */
  public java.util.List<String> featureNames() {
    java.util.List<String> names = new java.util.ArrayList<>();
    if (timeOfDay) {
      names.add(name + ".hour_sin");
      names.add(name + ".hour_cos");
    }
    if (dayOfWeek) {
      names.add(name + ".dow_sin");
      names.add(name + ".dow_cos");
    }
    return names;
  }
}
