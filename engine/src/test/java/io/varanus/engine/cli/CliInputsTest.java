package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ways score, train and evaluate take their inputs: gzip, globs, stdin and hold-out splits. */
class CliInputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void gzipInputScoresLikeThePlainFile() throws IOException {
    Fixtures.Trained t = Fixtures.tiny();
    Path gz = tmp.resolve("flows.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(t.logs().test(), out);
    }

    List<String> plain = scores(t, t.logs().test().toString());
    List<String> zipped = scores(t, gz.toString());

    assertThat(zipped).hasSameSizeAs(plain);
    assertThat(scoreOf(zipped.get(10))).isEqualTo(scoreOf(plain.get(10)));
  }

  @Test
  void aTruncatedGzipWritesWhatWasReadAndFails() throws IOException {
    Fixtures.Trained t = Fixtures.tiny();
    Path gz = tmp.resolve("whole.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(t.logs().test(), out);
    }
    byte[] all = Files.readAllBytes(gz);
    Path cut = tmp.resolve("cut.csv.gz");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length * 2 / 3));
    Path outFile = tmp.resolve("missing/folder/scores.jsonl");

    Cli.Result r =
        Cli.run(
            "score",
            "--model",
            t.model().toString(),
            "--input",
            cut.toString(),
            "--output",
            outFile.toString());

    assertThat(r.exitCode()).isEqualTo(VaranusCli.FAILURE);
    assertThat(r.err()).contains("input ended early").contains("cut.csv.gz");
    List<String> written = Files.readAllLines(outFile);
    assertThat(written).isNotEmpty();
    assertThat(written.size()).isLessThan((int) t.logs().testEvents());
    assertThat(r.err()).contains(written.size() + " events read before it");
  }

  @Test
  void trainCountsTheCsvHeaderAsSkippedNotAsAnEvent() {
    Fixtures.Trained t = Fixtures.tiny();
    long events = t.logs().trainEvents();
    assertThat(t.result().err())
        .contains(
            "read "
                + (events + 1)
                + " records: "
                + events
                + " events, 0 invalid, 1 header, comment or blank line skipped");
  }

  @Test
  void trainNotesThatTheYearWasInferredWhenTheConfigGivesNone() {
    com.fasterxml.jackson.databind.node.ObjectNode config = Fixtures.example("ssh");
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("input").get("options"))
        .remove("year");
    Fixtures.model(config).put("max-epochs", 2);
    Fixtures.Logs logs = Fixtures.logs("ssh", 600);

    Fixtures.Trained inferred =
        Fixtures.trainWith(
            logs, Fixtures.write(config, tmp.resolve("no-year.yml")), tmp.resolve("a"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("input").get("options"))
        .put("year", 2024);
    Fixtures.Trained fixed =
        Fixtures.trainWith(logs, Fixtures.write(config, tmp.resolve("year.yml")), tmp.resolve("b"));

    assertThat(inferred.result().err())
        .contains("note: " + logs.trainEvents() + " timestamps carried no year", "option year");
    assertThat(fixed.result().err()).doesNotContain("carried no year");
  }

  @Test
  void trainNamesTheFeaturesWhoseLevelIsTheFloor() {
    com.fasterxml.jackson.databind.node.ObjectNode config = Fixtures.example("web");
    Fixtures.model(config).put("max-epochs", 5);
    Fixtures.Logs logs = Fixtures.logs("web", 600);

    String byDefault =
        floorLine(Fixtures.trainWith(logs, write(config, "a.yml"), tmp.resolve("a")));
    config.putObject("scoring").put("level-floor", 1e6);
    String all = floorLine(Fixtures.trainWith(logs, write(config, "b.yml"), tmp.resolve("b")));

    // the path length varies by several standard deviations, far above a nat
    assertThat(byDefault).contains("never reached 1.0 nats").doesNotContain("url.path.length");
    // a floor above every surprise: every feature is named, the first twelve in full
    assertThat(all)
        .startsWith("scoring.level-floor: 18 of 18 features never reached 1000000.0 nats")
        .contains("url.path.length")
        .endsWith(" and 6 more");
  }

  private Path write(com.fasterxml.jackson.databind.node.ObjectNode config, String name) {
    return Fixtures.write(config, tmp.resolve(name));
  }

  private static String floorLine(Fixtures.Trained t) {
    return t.result()
        .err()
        .lines()
        .filter(l -> l.startsWith("scoring.level-floor: "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no level-floor line in " + t.result().err()));
  }

  @Test
  void theModelVersionNamesTheConfigAsWellAsTheInput() {
    Fixtures.Trained t = Fixtures.tiny();
    com.fasterxml.jackson.databind.node.ObjectNode other = Fixtures.example("flow");
    Fixtures.model(other).put("max-epochs", 2).put("seed", 99);
    Path otherConfig = Fixtures.write(other, tmp.resolve("other.yml"));
    Fixtures.Trained retrained =
        Fixtures.trainWith(t.logs(), otherConfig, tmp.resolve("other-model"));
    Fixtures.Trained same = Fixtures.trainWith(t.logs(), t.config(), tmp.resolve("same-model"));

    assertThat(suffix(retrained)).isNotEqualTo(suffix(t));
    assertThat(suffix(same)).isEqualTo(suffix(t));
  }

  private static String suffix(Fixtures.Trained t) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("model \\d{8}T\\d{6}Z-([0-9a-f]{8}):")
            .matcher(t.result().err());
    assertThat(m.find()).as(t.result().err()).isTrue();
    return m.group(1);
  }

  @Test
  void generateCreatesTheOutputFolder() throws IOException {
    Path file = tmp.resolve("new/dir/web.log");
    Cli.Result r =
        Cli.run("generate", "--stream", "web", "--events", "50", "--output", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllLines(file)).hasSize(50);
    assertThat(file.resolveSibling("web.log.labels.csv")).exists();
  }

  @Test
  void globReadsEveryMatchingFile() throws IOException {
    Fixtures.Trained t = Fixtures.tiny();
    Files.copy(t.logs().test(), tmp.resolve("a-flows.csv"));
    Files.copy(t.logs().test(), tmp.resolve("b-flows.csv"));

    List<String> lines = scores(t, tmp.resolve("*-flows.csv").toString());

    assertThat(lines).hasSize(2 * (int) t.logs().testEvents());
  }

  @Test
  void dashReadsStandardInput() throws IOException {
    Fixtures.Trained t = Fixtures.tiny();
    InputStream oldIn = System.in;
    List<String> lines;
    try {
      System.setIn(new ByteArrayInputStream(Files.readAllBytes(t.logs().test())));
      lines = scores(t, "-");
    } finally {
      System.setIn(oldIn);
    }

    assertThat(lines).hasSize((int) t.logs().testEvents());
    assertThat(JSON.readTree(lines.get(0)).get("origin").get("source").asText()).isEqualTo("-");
  }

  @Test
  void onlyAnomalousWritesTheEventsAboveTheThreshold() throws IOException {
    Fixtures.Trained t = Fixtures.tiny();

    Cli.Result r =
        Cli.run(
            "score",
            "--model",
            t.model().toString(),
            "--input",
            t.logs().test().toString(),
            "--only-anomalous");

    assertThat(r.exitCode()).as("%s", r).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).isNotEmpty().hasSizeLessThan((int) t.logs().testEvents());
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("anomalous").asBoolean()).as(line).isTrue();
    }
  }

  @Test
  void holdoutEventsAreKeptOutOfTrainingAndEvaluatedAlone() throws IOException {
    Fixtures.Logs logs = Fixtures.logs("flow", 600);
    Path model = tmp.resolve("model");
    Cli.Result train =
        Cli.run(
            "train",
            "--config",
            Fixtures.config("flow", 2, tmp).toString(),
            "--input",
            logs.train().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "normal",
            "--holdout",
            "0.3",
            "--model-out",
            model.toString());
    assertThat(train.exitCode()).as("%s", train).isZero();

    Cli.Result r =
        Cli.run(
            "evaluate",
            "--model",
            model.toString(),
            "--input",
            logs.train().toString(),
            "--label-field",
            "label",
            "--normal-value",
            "normal",
            "--holdout-only",
            "--report",
            tmp.resolve("report").toString());

    assertThat(r.exitCode()).as("%s", r).isZero();
    JsonNode context = JSON.readTree(tmp.resolve("report/metrics.json").toFile()).get("context");
    long evaluated = context.get("events_scored").asLong();
    assertThat(evaluated).isBetween((long) (0.3 * 600 - 45), (long) (0.3 * 600 + 45));
    JsonNode provenance = JSON.readTree(model.resolve("manifest.json").toFile()).get("provenance");
    long normalUsed = provenance.get("normalEvents").asLong();
    assertThat(normalUsed + evaluated).as("normal trained + held out").isLessThanOrEqualTo(600);
    assertThat(normalUsed).isGreaterThan(0);
  }

  @Test
  void scoringTheSameFileTwiceGivesTheSameLines() {
    Fixtures.Trained t = Fixtures.tiny();

    assertThat(scores(t, t.logs().test().toString()))
        .isEqualTo(scores(t, t.logs().test().toString()));
  }

  /** Train reports on stderr; stdout stays clean for scripts (ND4J prints graph chatter there). */
  @Test
  void trainKeepsStdoutEmpty() {
    Cli.Result r = Fixtures.tiny().result();

    assertThat(r.out()).as("%s", r).doesNotContain("Added differentiated op").isBlank();
  }

  private static List<String> scores(Fixtures.Trained t, String input) {
    Cli.Result r = Cli.run("score", "--model", t.model().toString(), "--input", input);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r.out().lines().toList();
  }

  private static double scoreOf(String line) throws IOException {
    return JSON.readTree(line).get("score").asDouble();
  }
}
