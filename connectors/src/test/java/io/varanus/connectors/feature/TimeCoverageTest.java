package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.T0;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's featurizer keeps only the time cycles its training events cover. */
class TimeCoverageTest {

  private static final String SPEC =
      """
      features:
        numeric:
          - {field: bytes, missing-indicator: false}
        time:
          zone: UTC
      """;

  /** {@code count} events from T0 (a Monday, 10:00 UTC), {@code step} apart. */
  private static FeaturizerFitter fitted(int count, Duration step) {
    FeaturizerFitter fitter = new FeaturizerFitter(FeatureSpec.fromYaml(SPEC), CLOCK);
    for (int i = 0; i < count; i++) {
      fitter.accept(event(T0.plus(step.multipliedBy(i)), "bytes", 100 + i % 7));
    }
    return fitter;
  }

  private static List<String> names(FeaturizerState state) {
    return Featurizer.create(state, CLOCK).schema().blocks().stream()
        .map(FeatureBlock::name)
        .toList();
  }

  @Test
  void hoursOfOneDayLeaveOutBothCycles() {
    List<String> notes = new ArrayList<>();
    FeaturizerState state = fitted(10, Duration.ofHours(1)).finishWithCoveredTime(notes::add);
    assertThat(state.spec().time()).isNull();
    assertThat(names(state)).containsExactly("bytes");
    assertThat(notes).hasSize(2);
    assertThat(notes.get(0)).contains("time of day left out", "span 9 h 0 min", "a day or more");
    assertThat(notes.get(1)).contains("day of week left out", "Mon (1 of 7 weekdays in UTC)");
  }

  @Test
  void twoDaysKeepTheTimeOfDayOnly() {
    List<String> notes = new ArrayList<>();
    FeaturizerState state = fitted(48, Duration.ofHours(1)).finishWithCoveredTime(notes::add);
    assertThat(names(state)).containsExactly("bytes", "time.hour_sin", "time.hour_cos");
    assertThat(notes)
        .singleElement()
        .asString()
        .contains("Mon, Tue, Wed (3 of 7"); // Monday 10:00 to Wednesday 09:00
  }

  @Test
  void aWindowOfOneDayCountsAsADay() {
    // --since 1d: the first and last events fall a little less than 24 h apart
    FeaturizerState state =
        fitted(24, Duration.ofMinutes(60)).finishWithCoveredTime(note -> {}); // 23 h
    assertThat(names(state)).contains("time.hour_sin");
    FeaturizerState shorter =
        fitted(23, Duration.ofMinutes(60)).finishWithCoveredTime(note -> {}); // 22 h
    assertThat(names(shorter)).doesNotContain("time.hour_sin");
  }

  @Test
  void aWeekKeepsBothAndSaysNothing() {
    List<String> notes = new ArrayList<>();
    FeaturizerFitter fitter = fitted(7 * 24, Duration.ofHours(1));
    FeaturizerState state = fitter.finishWithCoveredTime(notes::add);
    assertThat(notes).isEmpty();
    assertThat(state.spec()).isEqualTo(FeatureSpec.fromYaml(SPEC));
    assertThat(names(state))
        .containsExactly("bytes", "time.hour_sin", "time.hour_cos", "time.dow_sin", "time.dow_cos");
  }

  @Test
  void weekdaysAreCountedInTheSpecsZone() {
    // Monday 00:00 to Saturday 12:00 UTC falls on six weekdays in UTC; in Pacific/Kiritimati
    // (UTC+14) it runs from Monday 14:00 to Sunday 02:00, all seven.
    String spec = SPEC.replace("zone: UTC", "zone: Pacific/Kiritimati");
    FeaturizerFitter utc = new FeaturizerFitter(FeatureSpec.fromYaml(SPEC), CLOCK);
    FeaturizerFitter kiritimati = new FeaturizerFitter(FeatureSpec.fromYaml(spec), CLOCK);
    Instant monday = Instant.parse("2026-03-02T00:00:00Z");
    for (int h = 0; h <= 5 * 24 + 12; h++) {
      utc.accept(event(monday.plus(Duration.ofHours(h)), "bytes", 1));
      kiritimati.accept(event(monday.plus(Duration.ofHours(h)), "bytes", 1));
    }
    assertThat(utc.finishWithCoveredTime(note -> {}).spec().time().dayOfWeek()).isFalse();
    assertThat(kiritimati.finishWithCoveredTime(note -> {}).spec().time().dayOfWeek()).isTrue();
  }

  @Test
  void requireFullCycleFalseKeepsBothPairsAndTheStateRoundTrips() {
    String spec = SPEC.replace("zone: UTC", "zone: UTC\n    require-full-cycle: false");
    FeaturizerFitter fitter = new FeaturizerFitter(FeatureSpec.fromYaml(spec), CLOCK);
    fitter.accept(event(T0, "bytes", 1));
    List<String> notes = new ArrayList<>();
    FeaturizerState state = fitter.finishWithCoveredTime(notes::add);
    assertThat(notes).isEmpty();
    assertThat(names(state)).contains("time.hour_sin", "time.dow_sin");
    assertThat(state.toJson()).contains("\"require-full-cycle\" : false");
    assertThat(FeaturizerState.fromJson(state.toJson())).isEqualTo(state);
    FeaturizerState byDefault = fitted(7 * 24, Duration.ofHours(1)).finishWithCoveredTime(n -> {});
    assertThat(byDefault.toJson()).doesNotContain("require-full-cycle");
  }

  @Test
  void eventsWithoutTimestampsCoverNothingAndFinishKeepsTheSpec() {
    FeatureSpec spec = FeatureSpec.fromYaml(SPEC);
    FeaturizerFitter fitter = new FeaturizerFitter(spec, CLOCK);
    for (int i = 0; i < 100; i++) {
      fitter.accept(event("bytes", i));
    }
    assertThat(fitter.finishWithCoveredTime(note -> {}).spec().time()).isNull();
    FeaturizerFitter plain = new FeaturizerFitter(spec, CLOCK);
    plain.accept(event("bytes", 1));
    assertThat(plain.finish().spec()).isEqualTo(spec);
  }
}
