package io.varanus.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  @Test
  void aurocMatchesABruteForcePairCountWithTies() {
    SplittableRandom rng = new SplittableRandom(20240304);
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + rng.nextInt(300);
      int distinct = 1 + rng.nextInt(25); // few distinct values: many ties
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rng.nextInt(distinct) * 0.5 - 3;
        anomalous[i] = rng.nextDouble() < 0.3;
      }
      anomalous[0] = true;
      anomalous[1] = false;

      double expected = bruteForceAuroc(scores, anomalous);

      assertThat(new DetectionMetrics(scores, anomalous).auroc())
          .as("trial %d, n %d", trial, n)
          .isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void weightedAurocIsTheAurocOfTheEventsRepeatedByTheirWeights() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int trial = 0; trial < 100; trial++) {
      int n = 2 + rng.nextInt(60);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      double[] weights = new double[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rng.nextInt(8);
        anomalous[i] = rng.nextBoolean();
        weights[i] = rng.nextInt(4); // 0 leaves an event out, as a resample may
      }
      anomalous[0] = true;
      anomalous[1] = false;
      weights[0] = 1;
      weights[1] = 1;
      int total = (int) java.util.Arrays.stream(weights).sum();
      double[] repeatedScores = new double[total];
      boolean[] repeatedLabels = new boolean[total];
      int k = 0;
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < weights[i]; c++) {
          repeatedScores[k] = scores[i];
          repeatedLabels[k++] = anomalous[i];
        }
      }

      assertThat(new DetectionMetrics(scores, anomalous).auroc(weights))
          .as("trial %d", trial)
          .isCloseTo(bruteForceAuroc(repeatedScores, repeatedLabels), within(1e-12));
    }
  }

  @Test
  void aurocOfPerfectInvertedAndConstantScores() {
    boolean[] labels = {false, false, true, true};

    assertThat(new DetectionMetrics(new double[] {1, 2, 3, 4}, labels).auroc()).isEqualTo(1.0);
    assertThat(new DetectionMetrics(new double[] {4, 3, 2, 1}, labels).auroc()).isEqualTo(0.0);
    assertThat(new DetectionMetrics(new double[] {7, 7, 7, 7}, labels).auroc()).isEqualTo(0.5);
  }

  @Test
  void metricsNeedingBothClassesAreNaNWithoutThem() {
    DetectionMetrics onlyNormal = new DetectionMetrics(new double[] {1, 2}, new boolean[2]);
    DetectionMetrics onlyAnomalous =
        new DetectionMetrics(new double[] {1, 2}, new boolean[] {true, true});

    assertThat(onlyNormal.auroc()).isNaN();
    assertThat(onlyNormal.auprc()).isNaN();
    assertThat(onlyNormal.recallAtFpr(0.01)).isNaN();
    assertThat(onlyAnomalous.auroc()).isNaN();
  }

  @Test
  void auprcOnAHandComputedExample() {
    // ranked: A N A N A; precision at each anomaly: 1/1, 2/3, 3/5
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5};
    boolean[] anomalous = {true, false, true, false, true};

    double ap = new DetectionMetrics(scores, anomalous).auprc();

    assertThat(ap).isCloseTo((1 + 2.0 / 3 + 3.0 / 5) / 3, within(1e-12));
    assertThat(ap).isCloseTo(34.0 / 45, within(1e-12));
  }

  @Test
  void auprcCountsTiedScoresTogether() {
    // two tied groups of one anomaly and one normal each: precision 1/2 at both steps
    double[] scores = {0.9, 0.9, 0.5, 0.5};
    boolean[] anomalous = {true, false, false, true};

    assertThat(new DetectionMetrics(scores, anomalous).auprc()).isCloseTo(0.5, within(1e-12));
    // the order of rows inside a tie does not matter
    assertThat(new DetectionMetrics(scores, new boolean[] {false, true, true, false}).auprc())
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void recallAtFprOnAHandComputedExample() {
    // 1,000 normal scores 1..1000 and four anomalies
    double[] scores = new double[1004];
    boolean[] anomalous = new boolean[1004];
    for (int i = 0; i < 1000; i++) {
      scores[i] = i + 1;
    }
    double[] anomalies = {995.5, 999.5, 1000.5, 2000};
    for (int i = 0; i < 4; i++) {
      scores[1000 + i] = anomalies[i];
      anomalous[1000 + i] = true;
    }
    DetectionMetrics m = new DetectionMetrics(scores, anomalous);

    // 0.1% of 1,000 normals: one may score above the threshold, so the threshold is 999
    assertThat(m.thresholdAtFpr(0.001)).isEqualTo(999.0);
    assertThat(m.recallAtFpr(0.001)).isEqualTo(0.75);
    assertThat(m.thresholdAtFpr(0.01)).isEqualTo(990.0);
    assertThat(m.recallAtFpr(0.01)).isEqualTo(1.0);
    assertThat(m.recallAtFpr(0.0)).isEqualTo(0.5);
  }

  @Test
  void thresholdAtFprNeverExceedsTheRate() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + rng.nextInt(2000);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rng.nextInt(1 + rng.nextInt(100));
        anomalous[i] = rng.nextDouble() < 0.1;
      }
      anomalous[0] = false;
      DetectionMetrics m = new DetectionMetrics(scores, anomalous);
      for (double fpr : new double[] {0, 0.001, 0.01, 0.1, 0.5}) {
        double t = m.thresholdAtFpr(fpr);
        assertThat(m.at(t).falsePositiveRate())
            .as("trial %d, fpr %s", trial, fpr)
            .isLessThanOrEqualTo(fpr);
      }
    }
  }

  @Test
  void precisionRecallAndF1AtAThreshold() {
    double[] scores = {5, 4, 3, 2, 1};
    boolean[] anomalous = {true, false, true, false, false};

    DetectionMetrics.ThresholdStats s = new DetectionMetrics(scores, anomalous).at(2.5);

    assertThat(s.truePositives()).isEqualTo(2);
    assertThat(s.falsePositives()).isEqualTo(1);
    assertThat(s.precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.recall()).isEqualTo(1.0);
    assertThat(s.f1()).isCloseTo(0.8, within(1e-12));
    assertThat(s.falsePositiveRate()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void lengthsMustMatch() {
    assertThatThrownBy(() -> new DetectionMetrics(new double[2], new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 scores but 3 labels");
  }

  /** P(score of a random anomaly > score of a random normal), ties counting one half. */
  private static double bruteForceAuroc(double[] scores, boolean[] anomalous) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!anomalous[i]) {
        continue;
      }
      for (int j = 0; j < scores.length; j++) {
        if (anomalous[j]) {
          continue;
        }
        pairs++;
        if (scores[i] > scores[j]) {
          wins += 1;
        } else if (scores[i] == scores[j]) {
          wins += 0.5;
        }
      }
    }
    return wins / pairs;
  }
}
