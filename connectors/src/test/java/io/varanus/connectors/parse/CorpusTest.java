package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.connectors.LogEvent;
import io.varanus.connectors.source.FileEventSource;
import io.varanus.connectors.source.RawRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files shaped like real logs (src/test/resources/corpus: an auth.log, an access log, Zeek conn TSV
 * and JSON, RFC 5424 from firewalls and applications, Windows events as JSON lines), each with the
 * quirks real files carry, read through {@link FileEventSource} as {@code varanus train} reads
 * them. For every line, {@code <file>.expected.jsonl} holds the outcome: the event's timestamp and
 * its complete field map, the rejection reason, or that the source skipped the line. A field the
 * parser adds, drops or changes fails the line it is on.
 *
 * <p>{@code -Dvaranus.corpus.print=true} prints what the parser makes of each line in the
 * expectation file's form, for reviewing a change line by line.
 */
class CorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> corpus() {
    return Stream.of(
        Arguments.of("auth.log", "syslog", Map.of("year", 2026)),
        Arguments.of("access.log", "access-log", Map.of()),
        Arguments.of("conn.log", "zeek", Map.of()),
        Arguments.of("conn-zeek.json", "zeek", Map.of()),
        Arguments.of("rfc5424.log", "syslog", Map.of("year", 2026)),
        Arguments.of(
            "windows.jsonl",
            "json",
            Map.of(
                "timestamp-field", "EventTime",
                "timestamp-format", "yyyy-MM-dd HH:mm:ss",
                "timezone", "Europe/Berlin")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyLineHasItsExpectedOutcome(String file, String format, Map<String, ?> options)
      throws IOException {
    LogFormat f = LogFormats.create(format, options, TestRecords.CLOCK);
    Path path = resource(file);
    long lines = lineCount(path);
    Map<Long, ObjectNode> actual = outcomes(f, path, lines);

    if (Boolean.getBoolean("varanus.corpus.print")) {
      for (long n = 1; n <= lines; n++) {
        System.out.println(file + " " + JSON.writeValueAsString(actual.get(n)));
      }
    }
    List<JsonNode> expected = new ArrayList<>();
    for (String line : Files.readAllLines(resource(file + ".expected.jsonl"))) {
      expected.add(JSON.readTree(line));
    }
    assertThat(expected).as("one expectation per line of %s", file).hasSize((int) lines);
    for (int i = 0; i < lines; i++) {
      // compared as JSON text, in which the expectations are written (Long 5 and int 5 alike)
      assertThat(JSON.writeValueAsString(actual.get(i + 1L)))
          .as("%s line %d", file, i + 1)
          .isEqualTo(JSON.writeValueAsString(expected.get(i)));
    }
  }

  /** What became of each line number: an event, a rejection, or nothing (skipped). */
  private static Map<Long, ObjectNode> outcomes(LogFormat f, Path path, long lines)
      throws IOException {
    Map<Long, ObjectNode> out = new TreeMap<>();
    try (FileEventSource source = new FileEventSource(List.of(path.toString()))) {
      while (!source.isFinished()) {
        for (RawRecord r : source.poll(Duration.ofMillis(100))) {
          out.put(r.origin().offset(), outcome(f, r));
        }
      }
    }
    for (long n = 1; n <= lines; n++) {
      out.computeIfAbsent(n, k -> JSON.createObjectNode().put("skipped", true));
    }
    return out;
  }

  private static ObjectNode outcome(LogFormat f, RawRecord r) {
    ObjectNode o = JSON.createObjectNode();
    try {
      LogEvent e = f.parse(r);
      o.put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
      ObjectNode fields = o.putObject("fields");
      new TreeMap<>(e.fields()).forEach((k, v) -> fields.set(k, JSON.valueToTree(v)));
    } catch (InvalidEventException ex) {
      o.put("rejected", ex.reason().name());
    }
    return o;
  }

  private static long lineCount(Path path) throws IOException {
    byte[] b = Files.readAllBytes(path);
    long n = 0;
    for (byte x : b) {
      if (x == '\n') {
        n++;
      }
    }
    return b.length > 0 && b[b.length - 1] != '\n' ? n + 1 : n;
  }

  private static Path resource(String name) {
    try {
      return Path.of(CorpusTest.class.getResource("/corpus/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing test resource /corpus/" + name, e);
    }
  }
}
