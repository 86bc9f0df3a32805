package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any event, however malformed, gives a vector of the schema's width with finite values. */
class FeaturizerPropertyTest {

  private static final List<String> FIELDS =
      List.of(
          "bytes",
          "dst_bytes",
          "src_bytes",
          "duration",
          "event.outcome",
          "user.name",
          "message",
          "url.path",
          "url.query",
          "source.ip",
          "http.response.status_code",
          "http.request.method",
          "protocol_type",
          "service",
          "flag",
          "event.action",
          "http.response.body.bytes");

  private final Map<String, Featurizer> featurizers = new LinkedHashMap<>();

  private Featurizer featurizer(String spec) {
    return featurizers.computeIfAbsent(
        spec,
        s -> {
          FeatureSpec fs =
              s.equals("all")
                  ? FeatureSpec.fromYaml(FeaturizerStateTest.ALL_KINDS)
                  : TestEvents.exampleSpec(s);
          return Featurizer.create(
              Featurizer.fit(fs, FeaturizerStateTest.goldenEvents(), CLOCK), CLOCK);
        });
  }

  @Property(tries = 300)
  void everyValueIsFinite(@ForAll("specs") String spec, @ForAll("events") List<LogEvent> events) {
    Featurizer f = featurizer(spec);
    for (LogEvent e : events) {
      FeatureVector v = f.apply(e);
      assertThat(v.width()).isEqualTo(f.schema().width());
      for (float x : v.values()) {
        assertThat(Float.isFinite(x)).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<String> specs() {
    return Arbitraries.of("all", "ssh-auth.yml", "web-access.yml", "flow-nslkdd.yml");
  }

  @Provide
  Arbitrary<List<LogEvent>> events() {
    return event().list().ofMinSize(1).ofMaxSize(20);
  }

  private Arbitrary<LogEvent> event() {
    Arbitrary<Map<String, Object>> fields =
        Arbitraries.maps(Arbitraries.of(FIELDS), value()).ofMaxSize(FIELDS.size());
    Arbitrary<Instant> time =
        Arbitraries.longs()
            .between(-62_000_000_000_000L, 253_000_000_000_000L)
            .map(Instant::ofEpochMilli)
            .injectNull(0.2);
    return Combinators.combine(time, fields)
        .as((t, m) -> new LogEvent(t, m, Origin.file("prop", 1)));
  }

  private Arbitrary<Object> value() {
    List<Arbitrary<?>> choices = new ArrayList<>();
    choices.add(Arbitraries.strings().ofMaxLength(200));
    choices.add(Arbitraries.of("NaN", "Infinity", "-Infinity", "1e308", "-1e308", "", " "));
    choices.add(Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE));
    choices.add(Arbitraries.doubles());
    choices.add(Arbitraries.longs());
    choices.add(Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, true, false));
    choices.add(Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(50));
    @SuppressWarnings("unchecked")
    Arbitrary<Object>[] all =
        choices.stream().map(a -> (Arbitrary<Object>) a).toArray(Arbitrary[]::new);
    return Arbitraries.oneOf(List.of(all));
  }
}
