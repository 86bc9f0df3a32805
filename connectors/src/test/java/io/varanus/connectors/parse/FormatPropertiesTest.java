package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertParsedOrRejected;
import static io.varanus.connectors.parse.TestRecords.splice;

import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties every log format keeps whatever it is fed (each input goes to every format
 * configuration): a record becomes an event with the record's origin, or an {@link
 * InvalidEventException} with a reason and the record's place; no other exception escapes. Fed
 * random bytes and lines of the test corpus (src/test/resources/corpus) mutated by splices, cuts,
 * repeats and raw bytes. jqwik shrinks a failing input and prints the seed to replay it. Tries per
 * property: {@code jqwik.tries.default} in junit-platform.properties (3000); a long run, e.g. a
 * million inputs to every format: {@code mvn -B -pl connectors test -Dtest=FormatPropertiesTest
 * -Djqwik.tries.default=500000}.
 */
class FormatPropertiesTest {

  private static final List<Map<String, Object>> OPTIONS =
      List.of(
          Map.of("format", "json", "max-depth", 8),
          Map.of("format", "json", "invalid-utf8", "reject", "timestamp-field", "EventTime"),
          Map.of("format", "syslog"),
          Map.of("format", "syslog", "invalid-utf8", "reject", "year", 2026),
          Map.of("format", "access-log"),
          Map.of("format", "csv"),
          Map.of("format", "csv", "columns", "a,b,c", "timestamp-field", "c"),
          Map.of("format", "zeek"),
          Map.of("format", "zeek", "fields", "ts,id.orig_h,orig_bytes"),
          Map.of("format", "text", "preset", "bgl"),
          Map.of("format", "text", "preset", "hdfs"),
          Map.of("format", "text", "preset", "thunderbird", "invalid-utf8", "reject"));

  private static final List<LogFormat> FORMATS =
      OPTIONS.stream()
          .map(
              o -> {
                Map<String, Object> rest = new HashMap<>(o);
                return TestRecords.format((String) rest.remove("format"), rest);
              })
          .toList();

  private static final List<String> CORPUS = readCorpus();

  @Property
  void anyBytesParseOrAreRejectedWithAReason(@ForAll("bytes") byte[] value) {
    check(value);
  }

  @Property
  void mutatedRealLinesParseOrAreRejectedWithAReason(@ForAll("mutatedLines") byte[] value) {
    check(value);
  }

  @Property(tries = 500)
  void unchangedCorpusLinesNeverThrowAnythingElse(@ForAll("corpusLines") String line) {
    check(line.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    byte[] chars = "\0\n\r\t ,\"'\\{}[]<>:=-#|/?%.0123456789Ee+@".getBytes(StandardCharsets.UTF_8);
    Arbitrary<Byte> special =
        Arbitraries.integers().between(0, chars.length - 1).map(i -> chars[i]);
    Arbitrary<Byte> any = Arbitraries.bytes();
    Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, any),
            net.jqwik.api.Tuple.of(2, ascii),
            net.jqwik.api.Tuple.of(3, special))
        .array(byte[].class)
        .ofMaxSize(3000);
  }

  @Provide
  Arbitrary<String> corpusLines() {
    return Arbitraries.of(CORPUS);
  }

  @Provide
  Arbitrary<byte[]> mutatedLines() {
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 16),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
            .as(Edit::new);
    return Combinators.combine(corpusLines(), edit.list().ofMinSize(1).ofMaxSize(4))
        .as(
            (line, edits) -> {
              byte[] b = line.getBytes(StandardCharsets.UTF_8);
              for (Edit e : edits) {
                b = e.apply(b);
              }
              return b;
            });
  }

  /**
   * One edit at {@code at}: splice {@code noise} in, cut the rest, repeat a slice, or set a byte.
   */
  record Edit(int kind, int at, int length, byte[] noise) {
    byte[] apply(byte[] b) {
      int from = Math.min(at, b.length);
      int to = Math.min(b.length, from + length);
      return switch (kind) {
        case 0 -> splice(b, from, to, noise);
        case 1 -> splice(b, from, b.length, new byte[0]);
        case 2 -> splice(b, from, from, java.util.Arrays.copyOfRange(b, from, to));
        default ->
            splice(
                b,
                from,
                Math.min(b.length, from + 1),
                new byte[] {noise.length == 0 ? (byte) 0xff : noise[0]});
      };
    }
  }

  /** Feeds one input to every format configuration; a failure names the configuration. */
  private static void check(byte[] value) {
    RawRecord record = RawRecord.of(Origin.file("prop", 7), value);
    for (int k = 0; k < FORMATS.size(); k++) {
      String where = OPTIONS.get(k).toString();
      assertParsedOrRejected(FORMATS.get(k), record, () -> where);
    }
  }

  private static List<String> readCorpus() {
    List<String> lines = new ArrayList<>();
    try {
      Path dir = Path.of(FormatPropertiesTest.class.getResource("/corpus").toURI());
      try (var files = Files.list(dir)) {
        for (Path p :
            files.filter(p -> !p.toString().endsWith(".expected.jsonl")).sorted().toList()) {
          for (String line :
              new String(Files.readAllBytes(p), StandardCharsets.UTF_8).split("\n", -1)) {
            if (!line.isEmpty()) {
              lines.add(line);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }
}
