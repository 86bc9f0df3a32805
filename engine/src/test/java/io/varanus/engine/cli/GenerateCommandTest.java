package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.generate.LabeledLogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  @TempDir Path dir;

  @Test
  void writesTheSameLinesToAFileAndToStdout() throws Exception {
    Path file = dir.resolve("web.log");
    Cli.Result toFile =
        Cli.run("generate", "--stream", "web", "--events", "50", "--output", file.toString());
    assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(50);
    assertThat(LabeledLogWriter.readLabels(file)).hasSize(50);
    assertThat(lines.get(0)).contains("HTTP/1.1\"");

    Cli.Result toStdout = Cli.run("generate", "--stream", "web", "--events", "50");
    assertThat(toStdout.exitCode()).isZero();
    assertThat(toStdout.out().lines().toList()).isEqualTo(lines);
  }

  @Test
  void rejectsAnUnknownStreamAsUsage() {
    Cli.Result r = Cli.run("generate", "--stream", "mail");
    assertThat(r.exitCode()).isEqualTo(VaranusCli.USAGE);
    assertThat(r.err()).contains("must be one of ssh, web, flow");
  }
}
