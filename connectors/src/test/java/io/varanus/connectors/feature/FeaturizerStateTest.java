package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.T0;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.varanus.connectors.LogEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturizerStateTest {

  /** A spec with every kind of feature, used for the golden state. */
  static final String ALL_KINDS =
      """
      features:
        numeric:
          - {field: bytes, name: dst_bytes, transform: log1p}
        categorical:
          - {field: event.outcome, top-k: 4}
          - {field: user.name, hash-buckets: 4}
        text:
          - {field: message, name: msg, top-k: 5}
        time: {}
        string-stats:
          - {field: url.path, stats: [length, entropy, special]}
        windows:
          - key: source.ip
            name: src
            length: 1m
            distinct: [user.name]
            failure: {field: event.outcome, values: [failure]}
      """;

  static List<LogEvent> goldenEvents() {
    List<LogEvent> events = new ArrayList<>();
    String[] users = {"alice", "bob", "carol"};
    for (int i = 0; i < 60; i++) {
      String user = users[i % 3];
      boolean fail = i % 5 == 0;
      events.add(
          event(
              T0.plusSeconds(7L * i),
              "bytes",
              300L + 13L * i,
              "event.outcome",
              fail ? "failure" : "success",
              "user.name",
              user,
              "message",
              (fail ? "Failed password for " : "Accepted password for ")
                  + user
                  + " from 10.0.0."
                  + (i % 7)
                  + " port "
                  + (4000 + i)
                  + " ssh2",
              "url.path",
              "/app/" + user + "/" + i,
              "source.ip",
              "10.0.0." + (i % 7)));
    }
    return events;
  }

  static FeaturizerState goldenState() {
    return goldenState(ALL_KINDS);
  }

  static FeaturizerState goldenState(String yaml) {
    return Featurizer.fit(FeatureSpec.fromYaml(yaml), goldenEvents(), CLOCK);
  }

  @Test
  void jsonRoundTripIsExact() {
    FeaturizerState state = goldenState();
    String json = state.toJson();
    FeaturizerState back = FeaturizerState.fromJson(json);
    assertThat(back).isEqualTo(state);
    assertThat(back.toJson()).isEqualTo(json);
  }

  @Test
  void vectorsAreIdenticalAfterReload(@TempDir Path dir) {
    FeaturizerState state = goldenState();
    Path file = dir.resolve("featurizer.json");
    state.save(file);
    Featurizer before = Featurizer.create(state, CLOCK);
    Featurizer after = Featurizer.create(FeaturizerState.load(file), CLOCK);
    for (LogEvent e : goldenEvents()) {
      assertThat(after.apply(e)).isEqualTo(before.apply(e));
    }
  }

  @Test
  void goldenVersion1StateLoadsWithoutNoveltyAndSavesToTheSameBytes() throws Exception {
    String golden = Files.readString(TestEvents.resource("state-v1.json"), StandardCharsets.UTF_8);
    assertThat(golden).doesNotContain("novelty");
    FeaturizerState state = FeaturizerState.fromJson(golden);
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.spec().text().get(0).novelty()).isFalse();
    assertThat(state.toJson()).isEqualTo(golden);
    // Today's fit of the same spec without novelty gives the same state up to floating-point
    // detail of the statistics, and the same vectors: old bundles score as they did.
    FeaturizerState today =
        goldenState(ALL_KINDS.replace("top-k: 5}", "top-k: 5, novelty: false}"));
    assertSameUpToStatistics(state, today);
    Featurizer f = Featurizer.create(state, CLOCK);
    Featurizer t = Featurizer.create(today, CLOCK);
    assertThat(f.schema()).isEqualTo(t.schema());
    assertThat(f.schema().indexOf("msg.novelty")).isNegative();
    for (LogEvent e : goldenEvents()) {
      float[] a = f.apply(e).values();
      float[] b = t.apply(e).values();
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).isCloseTo(b[i], within(1e-5f));
      }
    }
    assertThat(state.templatesOf("msg"))
        .extracting(LogTemplate::text)
        .containsExactly(
            "Failed password for <*> from <IP> port <NUM> ssh2",
            "Accepted password for <*> from <IP> port <NUM> ssh2");
  }

  @Test
  void goldenVersion2StateLoadsWithNoveltyAndSavesToTheSameBytes() throws Exception {
    String golden = Files.readString(TestEvents.resource("state-v2.json"), StandardCharsets.UTF_8);
    FeaturizerState state = FeaturizerState.fromJson(golden);
    assertThat(state.version()).isEqualTo(2);
    assertThat(state.spec().text().get(0).novelty()).isTrue();
    assertThat(state.toJson()).isEqualTo(golden);
    assertSameUpToStatistics(state, goldenState());
    assertThat(Featurizer.create(state, CLOCK).schema().indexOf("msg.novelty")).isPositive();
  }

  @Test
  void version1StatesCannotCarryNovelty() throws Exception {
    String golden = Files.readString(TestEvents.resource("state-v1.json"), StandardCharsets.UTF_8);
    String withKey = golden.replace("\"top-k\" : 5", "\"novelty\" : true,\n      \"top-k\" : 5");
    assertThat(withKey).isNotEqualTo(golden);
    assertThatThrownBy(() -> FeaturizerState.fromJson(withKey))
        .isInstanceOf(InvalidFeaturizerStateException.class)
        .hasMessageContaining("version 1 has no key 'novelty'");
    FeaturizerState today = goldenState();
    assertThatThrownBy(
            () ->
                new FeaturizerState(
                    1, today.spec(), today.scalers(), today.vocabularies(), today.templates()))
        .isInstanceOf(InvalidFeaturizerStateException.class)
        .hasMessageContaining("version 1 cannot hold text features with novelty: true");
  }

  private static void assertSameUpToStatistics(FeaturizerState state, FeaturizerState today) {
    assertThat(state.spec()).isEqualTo(today.spec());
    assertThat(state.vocabularies()).isEqualTo(today.vocabularies());
    assertThat(state.templates()).isEqualTo(today.templates());
    assertThat(state.scalers()).hasSameSizeAs(today.scalers());
    for (int i = 0; i < state.scalers().size(); i++) {
      FeaturizerState.Scaler a = state.scalers().get(i);
      FeaturizerState.Scaler b = today.scalers().get(i);
      assertThat(a.feature()).isEqualTo(b.feature());
      assertThat(a.mean()).isCloseTo(b.mean(), within(1e-9));
      assertThat(a.std()).isCloseTo(b.std(), within(1e-9));
    }
  }

  @Test
  void unknownVersionIsRejected() {
    String json = goldenState().toJson().replaceFirst("\"version\" : 2", "\"version\" : 3");
    assertThatThrownBy(() -> FeaturizerState.fromJson(json))
        .isInstanceOf(InvalidFeaturizerStateException.class)
        .hasMessageStartingWith(
            "Unsupported featurizer state version 3: this build reads versions 1 to 2");
    String zero = goldenState().toJson().replaceFirst("\"version\" : 2", "\"version\" : 0");
    assertThatThrownBy(() -> FeaturizerState.fromJson(zero))
        .hasMessageStartingWith("Unsupported featurizer state version 0");
  }

  @Test
  void malformedStatesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> FeaturizerState.fromJson("{\"spec\": {}}"))
        .hasMessageContaining("no integer 'version'");
    String noScaler =
        goldenState().toJson().replaceFirst("\"feature\" : \"dst_bytes\"", "\"feature\" : \"x\"");
    FeaturizerState state = FeaturizerState.fromJson(noScaler);
    assertThatThrownBy(() -> Featurizer.create(state, CLOCK))
        .isInstanceOf(InvalidFeaturizerStateException.class)
        .hasMessageContaining("no scaler for continuous feature dst_bytes");
    String badStd = goldenState().toJson().replaceFirst("\"std\" : [0-9.E-]+", "\"std\" : 0.0");
    assertThatThrownBy(() -> FeaturizerState.fromJson(badStd))
        .hasMessageContaining("needs a finite mean and a finite std > 0");
  }

  /**
   * Writes the golden file of the current format version: run with
   * -Dvaranus.writeGolden=path/to/state-v2.json. Files of older versions are never rewritten.
   */
  @Test
  void writeGoldenWhenAsked() throws Exception {
    String target = System.getProperty("varanus.writeGolden");
    if (target != null) {
      Files.writeString(Path.of(target), goldenState().toJson(), StandardCharsets.UTF_8);
    }
  }
}
