package io.varanus.connectors.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mines the Loghub 2k samples and compares the template count with Loghub's published templates
 * (the rows of {@code <System>_2k.log_templates.csv}). Reads the datasets in place from {@code
 * varanus.datasets}; nothing is copied into the repository.
 */
@Tag("dataset")
class LoghubTemplatesTest {

  private static final Path DATASETS =
      Path.of(System.getProperty("varanus.datasets", "/work/shared/datasets"));

  /** Header regex per system; group "content" is the message that is mined. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BGL|^\\S+ \\d+ \\S+ \\S+ \\S+ \\S+ \\S+ \\S+ \\S+ (?<content>.*)$",
        "Thunderbird|^\\S+ \\d+ \\S+ \\S+ \\S+ \\d+ \\S+ \\S+ [^:]+?: ?(?<content>.*)$",
        "OpenSSH|^\\w+ +\\d+ \\S+ \\S+ [^:]+: (?<content>.*)$",
        "Linux|^\\w+ +\\d+ \\S+ \\S+ [^:]+: (?<content>.*)$",
        "Apache|^\\[[^]]+\\] \\[\\w+\\] (?<content>.*)$",
        "HDFS|^\\d+ \\d+ \\d+ \\w+ [^:]+: (?<content>.*)$",
      })
  void minedTemplateCountIsWithinTwiceLoghubs(String system, String header) throws IOException {
    Path dir = DATASETS.resolve("loghub").resolve(system);
    List<String> lines =
        Files.readAllLines(dir.resolve(system + "_2k.log"), StandardCharsets.UTF_8);
    int expected =
        Files.readAllLines(dir.resolve(system + "_2k.log_templates.csv"), StandardCharsets.UTF_8)
                .size()
            - 1;
    Pattern pattern = Pattern.compile(header);
    TemplateMiner miner = TemplateMiner.of(TextFeatureSpec.of("message"));
    int mined = 0;
    for (String line : lines) {
      Matcher m = pattern.matcher(line.strip());
      if (m.matches()) {
        miner.add(m.group("content"));
        mined++;
      }
    }
    int found = miner.templates().size();
    System.out.printf(
        "%s: %d lines mined, %d templates, Loghub %d%n", system, mined, found, expected);
    assertThat(mined).as("lines whose header matched").isGreaterThan(lines.size() * 95 / 100);
    assertThat(found).isBetween((expected + 1) / 2, expected * 2);
  }
}
