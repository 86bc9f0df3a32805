package io.varanus.engine.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.connectors.Origin;
import org.junit.jupiter.api.Test;

/**
 * {@link EventReader#splitHash} decides which events train keeps out with --holdout and which
 * evaluate --holdout-only reads back, possibly with another Varanus version: it must be stable.
 */
class SplitHashTest {

  @Test
  void sameOriginSameValue() {
    Origin o = Origin.file("/var/log/auth.log", 1234);

    assertThat(EventReader.splitHash(o, 5)).isEqualTo(EventReader.splitHash(o, 5));
    assertThat(EventReader.splitHash(Origin.file("/var/log/auth.log", 1234), 5))
        .isEqualTo(EventReader.splitHash(o, 5));
  }

  @Test
  void dependsOnTheFileNameNotItsDirectory() {
    assertThat(EventReader.splitHash(Origin.file("/data/train/auth.log", 42), 7))
        .isEqualTo(EventReader.splitHash(Origin.file("auth.log", 42), 7));
    assertThat(EventReader.splitHash(Origin.file("auth.log", 42), 7))
        .isNotEqualTo(EventReader.splitHash(Origin.file("auth.log.1", 42), 7));
  }

  @Test
  void valuesArePinnedAcrossVersions() {
    assertThat(EventReader.splitHash(Origin.file("/data/auth.log", 42), 7))
        .isEqualTo(0.09731097842089209);
    assertThat(EventReader.splitHash(new Origin("events", 3, 1000), 1))
        .isEqualTo(0.6088262281205428);
  }

  @Test
  void theSeedChangesTheSplit() {
    int same = 0;
    for (int line = 1; line <= 1000; line++) {
      Origin o = Origin.file("web.log", line);
      boolean a = EventReader.splitHash(o, 1) < 0.5;
      boolean b = EventReader.splitHash(o, 2) < 0.5;
      same += a == b ? 1 : 0;
    }
    assertThat(same).isBetween(400, 600);
  }

  @Test
  void valuesAreUniformInTheUnitInterval() {
    int n = 100_000;
    int[] bins = new int[10];
    int below = 0;
    for (int line = 1; line <= n; line++) {
      double h = EventReader.splitHash(Origin.file("flows.csv", line), 1);
      assertThat(h).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      bins[(int) (h * 10)]++;
      below += h < 0.2 ? 1 : 0;
    }
    // 10,000 per bin, standard deviation ~95
    for (int b = 0; b < 10; b++) {
      assertThat(bins[b]).as("bin %d", b).isBetween(9_600, 10_400);
    }
    assertThat(below / (double) n).isCloseTo(0.2, within(0.005));
  }

  @Test
  void kafkaOriginsSplitByTopicPartitionAndOffset() {
    double a = EventReader.splitHash(new Origin("auth", 0, 10), 1);

    assertThat(EventReader.splitHash(new Origin("auth", 1, 10), 1)).isNotEqualTo(a);
    assertThat(EventReader.splitHash(new Origin("auth", 0, 11), 1)).isNotEqualTo(a);
    assertThat(EventReader.splitHash(new Origin("auth", 0, 10), 1)).isEqualTo(a);
  }
}
