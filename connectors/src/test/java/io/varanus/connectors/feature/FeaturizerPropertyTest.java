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
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Any event, however malformed, gives a vector of the schema's width with finite values. Inputs
 * come from a seeded {@link SplittableRandom}; a failure names the seed, the case and the events,
 * and {@code -Dvaranus.fuzz.seed=N} replays a run.
 */
class FeaturizerPropertyTest {

  private static final long SEED = Long.getLong("varanus.fuzz.seed", 0x5EED_FEA7L);

  private static final List<String> SPECS =
      List.of("all", "ssh-auth.yml", "web-access.yml", "flow-nslkdd.yml");

  private static final List<Object> SPECIAL_VALUES =
      List.of(
          "NaN",
          "Infinity",
          "-Infinity",
          "+Infinity",
          "1e308",
          "-1e308",
          "1e309",
          "-0",
          "0x1p3",
          " 12 ",
          "",
          " ",
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          -Double.MAX_VALUE,
          Double.MAX_VALUE,
          Double.MIN_VALUE,
          -0.0,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          true,
          false);

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

  @Test
  void everyValueIsFinite() {
    SplittableRandom rng = new SplittableRandom(SEED);
    for (int i = 0; i < 1000; i++) {
      String spec = SPECS.get(rng.nextInt(SPECS.size()));
      List<LogEvent> events = events(rng);
      Featurizer f = featurizer(spec);
      int caseNo = i;
      for (int k = 0; k < events.size(); k++) {
        LogEvent e = events.get(k);
        int eventNo = k;
        Supplier<String> where =
            () ->
                "seed="
                    + SEED
                    + " case="
                    + caseNo
                    + " spec="
                    + spec
                    + " event "
                    + eventNo
                    + " "
                    + describe(List.of(e))
                    + " after "
                    + describe(events.subList(0, eventNo));
        FeatureVector v;
        try {
          v = f.apply(e);
        } catch (RuntimeException | StackOverflowError ex) {
          throw new AssertionError("Unexpected " + ex + " for " + where.get(), ex);
        }
        assertThat(v.width()).as(where).isEqualTo(f.schema().width());
        float[] values = v.values();
        for (int c = 0; c < values.length; c++) {
          int col = c;
          assertThat(Float.isFinite(values[c]))
              .as(() -> "column " + col + " = " + values[col] + ", " + where.get())
              .isTrue();
        }
      }
    }
  }

  private static List<LogEvent> events(SplittableRandom rng) {
    int n = 1 + rng.nextInt(20);
    List<LogEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(event(rng));
    }
    return events;
  }

  /** A timestamp from year 0 to 9999 or none, and any subset of the fields with any values. */
  private static LogEvent event(SplittableRandom rng) {
    Instant time =
        rng.nextInt(5) == 0
            ? null
            : Instant.ofEpochMilli(rng.nextLong(-62_000_000_000_000L, 253_000_000_000_001L));
    Map<String, Object> fields = new LinkedHashMap<>();
    int size = rng.nextInt(FIELDS.size() + 1);
    for (int i = 0; i < size; i++) {
      fields.put(FIELDS.get(rng.nextInt(FIELDS.size())), value(rng));
    }
    return new LogEvent(time, fields, Origin.file("prop", 1));
  }

  private static Object value(SplittableRandom rng) {
    return switch (rng.nextInt(8)) {
      case 0 -> string(rng, 200, 0x20, 0x7f);
      case 1 -> string(rng, 50, 0, 0x10000);
      case 2, 3 -> SPECIAL_VALUES.get(rng.nextInt(SPECIAL_VALUES.size()));
      case 4 -> Double.longBitsToDouble(rng.nextLong());
      case 5 -> (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-10, 20));
      case 6 -> rng.nextLong();
      default -> (long) rng.nextInt(-1000, 100_000);
    };
  }

  /** Up to {@code maxLength} chars in [from, to), unpaired surrogates included. */
  private static String string(SplittableRandom rng, int maxLength, int from, int to) {
    char[] chars = new char[rng.nextInt(maxLength + 1)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) rng.nextInt(from, to);
    }
    return new String(chars);
  }

  /** The events with escaped, truncated values and their types. */
  private static String describe(List<LogEvent> events) {
    StringBuilder sb = new StringBuilder("[");
    for (LogEvent e : events) {
      sb.append("\n  {ts=").append(e.timestamp());
      e.fields()
          .forEach(
              (k, v) ->
                  sb.append(", ")
                      .append(k)
                      .append('=')
                      .append(v.getClass().getSimpleName())
                      .append(':')
                      .append(escape(v.toString())));
      sb.append('}');
    }
    sb.append(']');
    return sb.length() > 4000 ? sb.substring(0, 4000) + "..." : sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < Math.min(s.length(), 80); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.append(s.length() > 80 ? "...\"" : "\"").toString();
  }
}
