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
    return Featurizer.fit(FeatureSpec.fromYaml(ALL_KINDS), goldenEvents(), CLOCK);
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
  void goldenVersion1StateLoads() throws Exception {
    String golden = Files.readString(TestEvents.resource("state-v1.json"), StandardCharsets.UTF_8);
    FeaturizerState state = FeaturizerState.fromJson(golden);
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.toJson()).isEqualTo(golden);
    // Today's fit gives the same state up to floating-point detail of the statistics.
    FeaturizerState today = goldenState();
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
    Featurizer f = Featurizer.create(state, CLOCK);
    assertThat(f.schema().indexOf("msg.template")).isPositive();
    assertThat(state.templatesOf("msg"))
        .extracting(LogTemplate::text)
        .containsExactly(
            "Failed password for <*> from <IP> port <NUM> ssh2",
            "Accepted password for <*> from <IP> port <NUM> ssh2");
  }

  @Test
  void unknownVersionIsRejected() {
    String json = goldenState().toJson().replaceFirst("\"version\" : 1", "\"version\" : 2");
    assertThatThrownBy(() -> FeaturizerState.fromJson(json))
        .isInstanceOf(InvalidFeaturizerStateException.class)
        .hasMessageStartingWith(
            "Unsupported featurizer state version 2: this build reads version 1 only");
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

  /** Rewrites the golden file: run with -Dvaranus.writeGolden=path/to/state-v1.json. */
  @Test
  void writeGoldenWhenAsked() throws Exception {
    String target = System.getProperty("varanus.writeGolden");
    if (target != null) {
      Files.writeString(Path.of(target), goldenState().toJson(), StandardCharsets.UTF_8);
    }
  }
}
