package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.FileEventSource;
import io.varanus.connectors.source.RawRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every record of the public datasets parses (see ../shared/datasets/SOURCES.md). Run with {@code
 * mvn verify -Pdatasets}; the location comes from system property {@code varanus.datasets}.
 */
@Tag("dataset")
class DatasetParseTest {

  private static final Path DATASETS =
      Path.of(System.getProperty("varanus.datasets", "/work/shared/datasets"));

  static final List<String> NSL_KDD_COLUMNS =
      List.of(
          "duration",
          "protocol_type",
          "service",
          "flag",
          "src_bytes",
          "dst_bytes",
          "land",
          "wrong_fragment",
          "urgent",
          "hot",
          "num_failed_logins",
          "logged_in",
          "num_compromised",
          "root_shell",
          "su_attempted",
          "num_root",
          "num_file_creations",
          "num_shells",
          "num_access_files",
          "num_outbound_cmds",
          "is_host_login",
          "is_guest_login",
          "count",
          "srv_count",
          "serror_rate",
          "srv_serror_rate",
          "rerror_rate",
          "srv_rerror_rate",
          "same_srv_rate",
          "diff_srv_rate",
          "srv_diff_host_rate",
          "dst_host_count",
          "dst_host_srv_count",
          "dst_host_same_srv_rate",
          "dst_host_diff_srv_rate",
          "dst_host_same_src_port_rate",
          "dst_host_srv_diff_host_rate",
          "dst_host_serror_rate",
          "dst_host_srv_serror_rate",
          "dst_host_rerror_rate",
          "dst_host_srv_rerror_rate",
          "label",
          "difficulty");

  /** Parse counts of one run: events, and failures by reason. */
  record Counts(long events, Map<Reason, Long> failures) {
    long failed(Reason r) {
      return failures.getOrDefault(r, 0L);
    }

    long malformed() {
      return failures.entrySet().stream()
          .filter(e -> e.getKey().isMalformed())
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  static Counts parseAll(List<Path> files, LogFormat format, Consumer<LogEvent> check) {
    long events = 0;
    Map<Reason, Long> failures = new TreeMap<>();
    List<String> paths = files.stream().map(Path::toString).toList();
    try (FileEventSource source = new FileEventSource(paths)) {
      while (!source.isFinished()) {
        for (RawRecord r : source.poll(Duration.ZERO)) {
          try {
            check.accept(format.parse(r));
            events++;
          } catch (InvalidEventException e) {
            failures.merge(e.reason(), 1L, Long::sum);
          }
        }
      }
    }
    return new Counts(events, failures);
  }

  @Test
  void nslKddTrainingSet() {
    LogFormat f = LogFormats.create("csv", Map.of("columns", NSL_KDD_COLUMNS));
    Counts c =
        parseAll(
            List.of(DATASETS.resolve("nsl-kdd/KDDTrain+.txt.gz")),
            f,
            e -> {
              assertThat(e.fields()).hasSize(43);
              assertThat(e.fields().get("src_bytes")).isInstanceOf(Long.class);
              assertThat(e.fields().get("serror_rate")).isInstanceOf(Number.class);
            });
    assertThat(c.failures()).isEmpty();
    assertThat(c.events()).isEqualTo(125_973);
  }

  @Test
  void cicIds2017Samples() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(DATASETS.resolve("cicids2017-sample"))) {
      files = s.filter(p -> p.toString().matches(".*\\.csv(\\.gz)?$")).sorted().toList();
    }
    assertThat(files).hasSize(17);
    LogFormat f = LogFormats.create("csv", Map.of("timestamp-field", "Timestamp"));
    List<String> notes = new ArrayList<>();
    Counts c =
        parseAll(
            files,
            f,
            e -> {
              assertThat(e.timestamp()).isNotNull();
              assertThat(e.string("Label")).isNotBlank();
              if (e.string(LogFormats.NOTES_FIELD) != null) {
                notes.add(e.string(LogFormats.NOTES_FIELD));
              }
            });
    assertThat(c.malformed()).isZero();
    assertThat(c.failed(Reason.HEADER)).isEqualTo(17);
    assertThat(c.events()).isEqualTo(43_419 + 2_500);
    System.out.printf(
        "CIC-IDS2017: %d rows, %d with non-finite values left out%n", c.events(), notes.size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "BGL/BGL_2k.log, text, bgl",
    "Thunderbird/Thunderbird_2k.log, text, thunderbird",
    "HDFS/HDFS_2k.log, text, hdfs",
    "Apache/Apache_2k.log, text, apache-error",
    "OpenSSH/OpenSSH_2k.log, syslog, ",
    "Linux/Linux_2k.log, syslog, ",
  })
  void loghubSamples(String file, String format, String preset) {
    Map<String, Object> options = preset == null ? Map.of("year", 2005) : Map.of("preset", preset);
    LogFormat f = LogFormats.create(format, options);
    Counts c =
        parseAll(
            List.of(DATASETS.resolve("loghub").resolve(file)),
            f,
            e -> {
              assertThat(e.timestamp()).isNotNull();
              assertThat(e.string("message")).isNotNull();
            });
    assertThat(c.failures()).isEmpty();
    assertThat(c.events()).isEqualTo(2000);
  }

  @Test
  void openSshFormsAreRecognised() {
    LogFormat f = LogFormats.create("syslog", Map.of("year", 2005));
    Map<String, Long> actions = new TreeMap<>();
    Counts c =
        parseAll(
            List.of(DATASETS.resolve("loghub/OpenSSH/OpenSSH_2k.log")),
            f,
            e -> actions.merge(String.valueOf(e.string("event.action")), 1L, Long::sum));
    assertThat(c.events()).isEqualTo(2000);
    // counts from SOURCES.md: 520 "Failed password", 85 "POSSIBLE BREAK-IN ATTEMPT", 1 accepted
    assertThat(actions.get("password")).isEqualTo(521);
    assertThat(actions.get("break_in_attempt")).isEqualTo(85);
    assertThat(actions.getOrDefault("null", 0L))
        .as("lines without a recognised form: %s", actions)
        .isLessThan(100);
  }
}
