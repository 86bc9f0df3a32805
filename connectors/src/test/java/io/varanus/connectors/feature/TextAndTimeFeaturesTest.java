package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.T0;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.connectors.LogEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAndTimeFeaturesTest {

  private static final String SPEC =
      """
      features:
        text:
          - {field: message, name: msg, top-k: 2}
        time:
          zone: UTC
      """;

  private final List<LogEvent> training =
      List.of(
          event("message", "Accepted password for alice from 10.0.0.5 port 5022 ssh2"),
          event("message", "Accepted password for bob from 10.0.0.9 port 6000 ssh2"),
          event("message", "Accepted password for carol from 10.0.0.7 port 6001 ssh2"),
          event("message", "session opened for user alice by (uid=0)"),
          event("message", "session opened for user bob by (uid=0)"),
          event("message", "Received disconnect from 10.0.0.9: 11: bye"));

  private final Featurizer featurizer =
      Featurizer.create(Featurizer.fit(FeatureSpec.fromYaml(SPEC), training, CLOCK), CLOCK);
  private final FeatureSchema schema = featurizer.schema();

  @Test
  void topTemplatesBecomeCategoriesAndNewKindsAreFlagged() {
    CategoricalFeature template = (CategoricalFeature) schema.blocks().get(0);
    assertThat(template.categories())
        .containsExactly(
            "Accepted password for <*> from <IP> port <NUM> ssh2",
            "session opened for user <*> by (uid=<NUM>)",
            "__other__",
            "__missing__");
    FeatureVector seen =
        featurizer.apply(
            event("message", "Accepted password for eve from " + "10.1.1.1 port 1 ssh2"));
    assertThat(seen.values()).startsWith(1f, 0f, 0f, 0f, 1f, 0f);
    FeatureVector rare =
        featurizer.apply(event("message", "Received disconnect from 10.0.0.1: 11: bye"));
    assertThat(rare.values()).startsWith(0f, 0f, 1f, 0f, 1f, 0f);
    FeatureVector unseen = featurizer.apply(event("message", "kernel panic - not syncing"));
    assertThat(unseen.values()).startsWith(0f, 0f, 1f, 0f, 0f, 1f);
    assertThat(unseen.raw(1)).isEqualTo("unseen");
    assertThat(unseen.raw(2)).isEqualTo(5.0);
  }

  @Test
  void timeOfDayAndDayOfWeekAreCyclic() {
    // T0 is Monday 2026-03-02 10:00 UTC; 06:00 is a quarter of the day.
    Instant sixAm = Instant.parse("2026-03-02T06:00:00Z");
    FeatureVector v = featurizer.apply(event(sixAm, "message", "x"));
    int hour = schema.offsetOf(schema.indexOf("time.hour_sin"));
    assertThat(v.value(hour)).isCloseTo(1f, within(1e-6f));
    assertThat(v.value(hour + 1)).isCloseTo(0f, within(1e-6f));
    assertThat(v.value(hour + 2)).isCloseTo(0f, within(1e-6f));
    assertThat(v.value(hour + 3)).isCloseTo(1f, within(1e-6f));
    FeatureVector sunday = featurizer.apply(event(T0.minusSeconds(86_400), "message", "x"));
    assertThat(sunday.value(hour + 2))
        .isCloseTo((float) Math.sin(2 * Math.PI * 6 / 7), within(1e-6f));
    FeatureVector untimed = featurizer.apply(event(null, "message", "x"));
    assertThat(untimed.value(hour))
        .isEqualTo(featurizer.apply(event(T0, "message", "x")).value(hour));
  }

  @Test
  void fittingOneByOneEqualsFittingAnIterable() {
    FeaturizerFitter fitter = new FeaturizerFitter(FeatureSpec.fromYaml(SPEC), CLOCK);
    training.forEach(fitter::accept);
    assertThat(fitter.count()).isEqualTo(training.size());
    assertThat(fitter.finish())
        .isEqualTo(Featurizer.fit(FeatureSpec.fromYaml(SPEC), training, CLOCK));
  }
}
