package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code varanus demo}: embedded broker, training, the offline table, the live run and its score.
 */
class DemoIT {

  @Test
  void demoRunsTheServiceOnAnEmbeddedBrokerAndScoresItsAlerts() {
    Path dir = Fixtures.root().resolve("demo");
    Cli.Result r =
        Cli.run(
            "demo",
            "--events",
            "3000",
            "--rate",
            "3000",
            "--work-dir",
            dir.toString(),
            "--seed",
            "3");
    System.out.println(r.out());
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out())
        .contains("Kafka (KRaft, one node) started")
        .contains("isolation-forest")
        .contains("rcf")
        .contains("events/s")
        .contains("lag 0")
        .contains("Stopping the embedded Kafka");
    Matcher m =
        Pattern.compile("([\\d,]+) events in .* precision ([\\d.]+), recall ([\\d.]+)")
            .matcher(r.out());
    assertThat(m.find()).as("the live result line in %s", r.out()).isTrue();
    assertThat(m.group(1)).isEqualTo("3,000");
    assertThat(Double.parseDouble(m.group(2))).as("precision").isGreaterThan(0.5);
    assertThat(Double.parseDouble(m.group(3))).as("recall").isGreaterThan(0.5);
  }
}
