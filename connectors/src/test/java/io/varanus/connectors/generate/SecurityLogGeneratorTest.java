package io.varanus.connectors.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.FileEventSource;
import io.varanus.connectors.source.RawRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SecurityLogGeneratorTest {

  @TempDir Path dir;

  private static List<GeneratedEvent> events(LogStream s, long n, double rate, long seed) {
    return SecurityLogGenerator.generate(GeneratorConfig.of(s, n, rate, seed));
  }

  @ParameterizedTest
  @EnumSource(LogStream.class)
  void sameSeedSameEventsOtherSeedOtherEvents(LogStream s) {
    assertThat(events(s, 3000, 0.1, 7)).isEqualTo(events(s, 3000, 0.1, 7));
    assertThat(events(s, 3000, 0.1, 7)).isNotEqualTo(events(s, 3000, 0.1, 8));
  }

  @ParameterizedTest
  @EnumSource(LogStream.class)
  void attackRateIsHonouredApproximatelyAndTimeMovesForward(LogStream s) {
    for (double rate : new double[] {0.05, 0.2}) {
      List<GeneratedEvent> ev = events(s, 40_000, rate, 11);
      assertThat(ev).hasSize(40_000);
      double share = ev.stream().filter(GeneratedEvent::isAttack).count() / (double) ev.size();
      assertThat(share).as("attack share at rate %s", rate).isBetween(rate * 0.6, rate * 1.4);
      for (int i = 1; i < ev.size(); i++) {
        assertThat(ev.get(i).time()).isAfterOrEqualTo(ev.get(i - 1).time());
      }
    }
    assertThat(events(s, 5000, 0, 3)).noneMatch(GeneratedEvent::isAttack);
  }

  @ParameterizedTest
  @EnumSource(LogStream.class)
  void everyLineParsesWithTheMatchingFormat(LogStream s) {
    GeneratorConfig config = GeneratorConfig.of(s, 20_000, 0.1, 5);
    LogFormat format = LogFormats.create(s.formatName(), s.formatOptions(config));
    long line = 1;
    for (GeneratedEvent e : SecurityLogGenerator.generate(config)) {
      LogEvent parsed = format.parse(RawRecord.of(new Origin("gen", 0, line++), e.line()));
      assertThat(parsed.timestamp())
          .isEqualTo(
              e.time()
                  .truncatedTo(
                      s == LogStream.FLOW
                          ? java.time.temporal.ChronoUnit.MICROS
                          : java.time.temporal.ChronoUnit.SECONDS));
    }
  }

  @Test
  void attackClassesPerStream() {
    assertThat(classes(LogStream.SSH)).contains("normal", "brute_force", "password_spraying");
    assertThat(classes(LogStream.WEB))
        .contains("normal", "sql_injection", "path_traversal", "scanner");
    assertThat(classes(LogStream.FLOW)).contains("normal", "port_scan", "exfiltration");
  }

  private static Set<String> classes(LogStream s) {
    return events(s, 30_000, 0.2, 1).stream()
        .map(GeneratedEvent::attackClass)
        .collect(Collectors.toSet());
  }

  @Test
  void noSingleFieldSeparatesTheClasses() {
    LogFormat ssh = LogFormats.create("syslog", Map.of("year", 2024));
    GeneratorConfig config = GeneratorConfig.of(LogStream.SSH, 20_000, 0.1, 9);
    boolean normalFailure = false;
    boolean attackWithValidUser = false;
    for (GeneratedEvent e : SecurityLogGenerator.generate(config)) {
      LogEvent p = ssh.parse(RawRecord.of(Origin.file("g", 1), e.line()));
      normalFailure |= !e.isAttack() && "failure".equals(p.string("event.outcome"));
      attackWithValidUser |= e.isAttack() && "alice".equals(p.string("user.name"));
    }
    assertThat(normalFailure).as("normal users mistype passwords").isTrue();
    assertThat(attackWithValidUser).as("attacks also target real users").isTrue();

    List<GeneratedEvent> web = events(LogStream.WEB, 20_000, 0.1, 9);
    assertThat(web).anyMatch(e -> e.isAttack() && e.line().contains("\" 200 "));
    assertThat(web).anyMatch(e -> !e.isAttack() && e.line().contains("\" 404 "));
  }

  @ParameterizedTest
  @EnumSource(LogStream.class)
  void writtenFilesReadBackWithLabelsByLineNumber(LogStream s) throws IOException {
    GeneratorConfig config = GeneratorConfig.of(s, 2000, 0.1, 21);
    Path log = dir.resolve(s.name().toLowerCase() + ".log");
    assertThat(LabeledLogWriter.write(config, log)).isEqualTo(2000);
    List<LabeledLogWriter.LineLabel> labels = LabeledLogWriter.readLabels(log);
    List<GeneratedEvent> expected = SecurityLogGenerator.generate(config);
    assertThat(labels).hasSize(2000);
    LogFormat format = LogFormats.create(s.formatName(), s.formatOptions(config));
    List<LogEvent> parsed = new ArrayList<>();
    try (FileEventSource source = new FileEventSource(List.of(log.toString()))) {
      while (!source.isFinished()) {
        for (RawRecord r : source.poll(Duration.ZERO)) {
          try {
            parsed.add(format.parse(r));
          } catch (InvalidEventException e) {
            assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.HEADER);
          }
        }
      }
    }
    assertThat(parsed).hasSize(2000);
    for (int i = 0; i < parsed.size(); i++) {
      assertThat(parsed.get(i).origin().offset()).isEqualTo(labels.get(i).line());
      assertThat(labels.get(i).label()).isEqualTo(expected.get(i).label());
      if (s == LogStream.FLOW) {
        assertThat(parsed.get(i).string("label")).isEqualTo(labels.get(i).label());
        assertThat(parsed.get(i).string("attack_class")).isEqualTo(labels.get(i).attackClass());
      }
    }
  }

  /**
   * A drift of 0 draws no random number for drift, so every stream is the one generated before
   * drift existed (its digest taken then): demos, tests and documented runs stay reproducible.
   */
  @ParameterizedTest
  @EnumSource(LogStream.class)
  void withoutDriftTheStreamsAreThoseGeneratedBeforeDriftExisted(LogStream s) throws Exception {
    String before =
        switch (s) {
          case SSH -> "b8d7481157dd532aa6ad5df2e2eada133ac39dea1f3c5307272683b97395708c";
          case WEB -> "ba249810111d2e2eaea1a036067977bb05e006684e84d6fde78a50100083886c";
          case FLOW -> "0f4a7f64b28dfd63783c75d868442937193d25b9b5bd4a999088f9af603f24bb";
        };
    StringBuilder text = new StringBuilder();
    if (s.header() != null) {
      text.append(s.header()).append('\n');
    }
    for (GeneratedEvent e : events(s, 3000, 0.1, 7)) {
      text.append(e.line()).append('\n');
    }
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(LogStream.class)
  void driftBringsNewNormalBehaviourInProportionAndLeavesAttacksAlone(LogStream s) {
    java.time.Instant start = java.time.Instant.parse("2024-03-04T00:00:00Z");
    for (double drift : new double[] {0, 0.1, 0.4}) {
      List<GeneratedEvent> ev =
          SecurityLogGenerator.generate(new GeneratorConfig(s, 30_000, 0.05, start, 3, drift));
      long normal = ev.stream().filter(e -> !e.isAttack()).count();
      long drifted = ev.stream().filter(e -> !e.isAttack() && isDrifted(s, e.line())).count();
      assertThat(ev.stream().filter(GeneratedEvent::isAttack))
          .noneMatch(e -> isDrifted(s, e.line()));
      double share = drifted / (double) normal;
      if (drift == 0) {
        assertThat(drifted).isZero();
      } else {
        // each kind of new behaviour shows in about `drift` of the sessions
        assertThat(share)
            .as("share of drifted normal lines at %s", drift)
            .isBetween(0.5 * drift, 3 * drift);
      }
    }
  }

  /** Whether a line shows behaviour only drift brings. */
  private static boolean isDrifted(LogStream s, String line) {
    return switch (s) {
      case WEB ->
          line.startsWith("100.")
              || line.matches(
                  ".*(Chrome/131|Version/18\\.1|Firefox/133|SamsungBrowser|/v2/catalog|"
                      + "/checkout/express|\"GET /help|/stores/near-me|/account/wishlist).*");
      case SSH ->
          line.matches(
              ".*(10\\.0\\.1[23]\\.|amara|bjorn|chen|dmitri|esra|farah|gustavo"
                  + "|hana|ines|jomo).*");
      case FLOW ->
          line.matches("[^,]*,10\\.0\\.2[01]\\..*")
              || line.contains(",8443,tcp,")
              || line.contains(",443,udp,");
    };
  }

  @Test
  void invalidConfigIsRefused() {
    assertThatThrownBy(() -> GeneratorConfig.of(LogStream.SSH, 10, 0.95, 1))
        .hasMessage("Invalid value 0.95 for attack rate: must be between 0 and 0.9");
    assertThatThrownBy(() -> LogStream.of("dns"))
        .hasMessageContaining("must be one of ssh, web, flow");
    assertThatThrownBy(
            () -> new GeneratorConfig(LogStream.WEB, 10, 0, java.time.Instant.EPOCH, 1, 1.5))
        .hasMessage("Invalid value 1.5 for drift: must be between 0 and 1");
  }
}
