package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A feature on a field the training events do not carry is refused, a rare one noted. */
class FieldCoverageTest {

  private static final FeatureSpec SPEC =
      FeatureSpec.fromYaml(
          """
          features:
            numeric:
              - {field: bytes}
            categorical:
              - {field: user, top-k: 3}
            windows:
              - {key: ip, distinct: [user], failure: {field: outcome, values: [failure]}}
          """);

  @Test
  void sourceFieldsNameTheKeyOfTheirFirstUse() {
    assertThat(SPEC.sourceFields())
        .containsExactly(
            Map.entry("bytes", "numeric[0].field"),
            Map.entry("user", "categorical[0].field"),
            Map.entry("ip", "windows[0].key"),
            Map.entry("outcome", "windows[0].failure.field"));
  }

  @Test
  void countsTheEventsThatCarryEachField() {
    FeaturizerFitter fitter = new FeaturizerFitter(SPEC, CLOCK);
    fitter.accept(event("bytes", 1, "user", "a", "ip", "10.0.0.1", "outcome", "success"));
    fitter.accept(event("bytes", 2, "ip", "10.0.0.2", "outcome", "failure"));
    fitter.accept(event("bytes", 3, "outcome", "success"));

    assertThat(fitter.fieldCounts())
        .containsExactly(
            Map.entry("bytes", 3L),
            Map.entry("user", 1L),
            Map.entry("ip", 2L),
            Map.entry("outcome", 3L));
  }

  @Test
  void aFieldNoTrainingEventHasIsRefusedWithItsKeyPath() {
    FeaturizerFitter fitter = new FeaturizerFitter(SPEC, CLOCK);
    for (int i = 0; i < 20; i++) {
      fitter.accept(event("bytes", i, "user", "u" + (i % 3), "outcome", "success"));
    }

    assertThatThrownBy(() -> fitter.finishWithCoveredTime(note -> {}))
        .isInstanceOf(InvalidFeatureSpecException.class)
        .hasMessageContaining("windows[0].key")
        .hasMessageContaining("ip")
        .hasMessageContaining("none of the 20 training events");
  }

  @Test
  void aRareFieldGetsANoteAndTrains() {
    FeaturizerFitter fitter = new FeaturizerFitter(SPEC, CLOCK);
    for (int i = 0; i < 400; i++) {
      fitter.accept(
          i == 7
              ? event("bytes", i, "user", "root", "ip", "10.0.0.1", "outcome", "success")
              : event("bytes", i, "user", "u" + (i % 3), "outcome", "success", "ip", null));
    }
    List<String> notes = new ArrayList<>();

    FeaturizerState state = fitter.finishWithCoveredTime(notes::add);

    assertThat(state).isNotNull();
    assertThat(notes)
        .singleElement()
        .asString()
        .contains("field ip (features.windows[0].key)", "1 of 400", "0.25%");
  }

  @Test
  void everyFieldPresentMeansNoNote() {
    FeaturizerFitter fitter = new FeaturizerFitter(SPEC, CLOCK);
    for (int i = 0; i < 50; i++) {
      fitter.accept(event("bytes", i, "user", "u", "ip", "10.0.0.1", "outcome", "success"));
    }
    List<String> notes = new ArrayList<>();
    fitter.finishWithCoveredTime(notes::add);
    assertThat(notes).isEmpty();
  }
}
