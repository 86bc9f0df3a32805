package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.internal.TemplateNovelty;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextNoveltyTest {

  private static final String SPEC =
      """
      features:
        text:
          - {field: message, name: msg, top-k: 5}
      """;

  private final List<LogEvent> training =
      List.of(
          event("message", "Accepted password for alice from 10.0.0.5 port 5022 ssh2"),
          event("message", "Accepted password for bob from 10.0.0.9 port 6000 ssh2"),
          event("message", "session opened for user alice by (uid=0)"),
          event("message", "session opened for user bob by (uid=0)"),
          event("message", "Received disconnect from 10.0.0.9: 11: bye"));

  private final FeaturizerState state = Featurizer.fit(FeatureSpec.fromYaml(SPEC), training, CLOCK);
  private final Featurizer featurizer = Featurizer.create(state, CLOCK);
  private final int novelty = featurizer.schema().indexOf("msg.novelty");
  private final int flag = featurizer.schema().indexOf("msg.unseen");

  private double noveltyOf(String message) {
    return (Double) featurizer.apply(event("message", message)).raw(novelty);
  }

  @Test
  void newSpecsHaveTheColumnAndTrainingLinesHaveNoveltyZero() {
    assertThat(state.spec().text().get(0).novelty()).isTrue();
    assertThat(featurizer.schema().blocks())
        .extracting(FeatureBlock::name)
        .containsExactly("msg.template", "msg.unseen", "msg.tokens", "msg.novelty");
    for (LogEvent e : training) {
      assertThat(featurizer.apply(e).raw(novelty)).isEqualTo(0.0);
    }
    FeaturizerState.Scaler scaler =
        state.scalers().stream().filter(s -> s.feature().equals("msg.novelty")).findFirst().get();
    assertThat(scaler.mean()).isEqualTo(0.0);
    assertThat(scaler.std()).isEqualTo(state.spec().minStd());
  }

  @Test
  void aLineOfAKnownTemplateHasNoveltyZero() {
    FeatureVector v =
        featurizer.apply(event("message", "Accepted password for eve from 10.1.1.1 port 1 ssh2"));
    assertThat(v.raw(flag)).isEqualTo("seen");
    assertThat(v.raw(novelty)).isEqualTo(0.0);
  }

  @Test
  void aLineFarFromEveryTemplateIsMoreNovelThanANearVariant() {
    String near = "Accepted password for eve from 10.1.1.1 port 1 ssh2 after retry";
    String far = "kernel panic - not syncing";
    assertThat(featurizer.apply(event("message", near)).raw(flag)).isEqualTo("unseen");
    assertThat(featurizer.apply(event("message", far)).raw(flag)).isEqualTo("unseen");
    assertThat(noveltyOf(near)).isGreaterThan(0.0).isLessThan(0.5);
    assertThat(noveltyOf(far)).isEqualTo(1.0);
    // The standardized column orders them the same way, so the model can too.
    int offset = featurizer.schema().offsetOf(novelty);
    assertThat(featurizer.apply(event("message", far)).value(offset))
        .isGreaterThan(featurizer.apply(event("message", near)).value(offset));
  }

  @Test
  void noveltyIsTheJaccardDistanceOfWordSetsToTheNearestTemplate() {
    TemplateNovelty index =
        new TemplateNovelty(
            List.of(
                new LogTemplate(1, List.of(), List.of("a", "b", "c", "<*>"), 3),
                new LogTemplate(2, List.of(), List.of("x", "y"), 1)));
    assertThat(index.of(new String[] {"a", "b", "c", "d"})).isCloseTo(0.25, within(1e-12));
    assertThat(index.of(new String[] {"x", "q"})).isCloseTo(1 - 1.0 / 3, within(1e-12));
    assertThat(index.of(new String[] {"p", "q"})).isEqualTo(1.0);
    assertThat(index.of(new String[0])).isEqualTo(1.0);
    assertThat(new TemplateNovelty(List.of()).of(new String[] {"a"})).isEqualTo(1.0);
    // Words, not tokens: punctuation and values glued to a word do not make it new.
    TemplateNovelty glued =
        new TemplateNovelty(
            List.of(
                new LogTemplate(1, List.of(), List.of("error", "(type=<NUM>)", "r0=<HEX>"), 1)));
    assertThat(glued.of(new String[] {"error:", "type=<NUM>,", "r17=<HEX>"})).isEqualTo(0.0);
    assertThat(glued.of(new String[] {"warning:", "type=<NUM>,"})).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void widthIsUnchangedAndNoveltyIsInTheUnitIntervalOnAnyInput() {
    Random random = new Random(7);
    int width = featurizer.schema().width();
    for (int i = 0; i < 500; i++) {
      StringBuilder line = new StringBuilder();
      int tokens = random.nextInt(12);
      for (int t = 0; t < tokens; t++) {
        line.append(t == 0 ? "" : " ");
        for (int c = random.nextInt(8) + 1; c > 0; c--) {
          line.append((char) (32 + random.nextInt(95)));
        }
      }
      FeatureVector v = featurizer.apply(event("message", line.toString()));
      assertThat(v.width()).isEqualTo(width);
      for (float x : v.values()) {
        assertThat(Float.isFinite(x)).isTrue();
      }
      assertThat((Double) v.raw(novelty)).isBetween(0.0, 1.0);
    }
    assertThat(featurizer.apply(event("other", "no message")).raw(novelty)).isEqualTo(0.0);
  }

  @Test
  void stateWithNoveltyRoundTripsExactly() {
    String json = state.toJson();
    assertThat(json).contains("\"version\" : 2").contains("\"novelty\" : true");
    FeaturizerState back = FeaturizerState.fromJson(json);
    assertThat(back).isEqualTo(state);
    assertThat(back.toJson()).isEqualTo(json);
    Featurizer reloaded = Featurizer.create(back, CLOCK);
    for (String line :
        List.of("kernel panic - not syncing", "Accepted password for eve from x port 1 ssh2 z")) {
      assertThat(reloaded.apply(event("message", line)))
          .isEqualTo(featurizer.apply(event("message", line)));
    }
  }

  @Test
  void noveltyCanBeTurnedOff() {
    FeatureSpec off = FeatureSpec.fromYaml(SPEC.replace("top-k: 5", "top-k: 5, novelty: false"));
    Featurizer f = Featurizer.create(Featurizer.fit(off, training, CLOCK), CLOCK);
    assertThat(f.schema().indexOf("msg.novelty")).isNegative();
    assertThat(f.schema().width()).isEqualTo(featurizer.schema().width() - 1);
    FeaturizerState back = FeaturizerState.fromJson(Featurizer.fit(off, training, CLOCK).toJson());
    assertThat(back.spec().text().get(0).novelty()).isFalse();
  }
}
