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

  @Test
  void invalidConfigIsRefused() {
    assertThatThrownBy(() -> GeneratorConfig.of(LogStream.SSH, 10, 0.95, 1))
        .hasMessage("Invalid value 0.95 for attack rate: must be between 0 and 0.9");
    assertThatThrownBy(() -> LogStream.of("dns"))
        .hasMessageContaining("must be one of ssh, web, flow");
  }
}
