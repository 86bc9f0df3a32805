package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.models.calibration.Calibration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CandidateThresholdTest {

  @Test
  void normalScoresAreTheEventsTheCurrentModelKeptAndItsLowestGradedAlerts() {
    // 19 kept, 3 alerts; at 10%, 19 * 0.1 / 0.9 = 2.1 -> 2 restored: the alerts graded 6 and 7
    double[] current = new double[22];
    double[] candidate = new double[22];
    for (int i = 0; i < 19; i++) {
      current[i] = i / 10.0;
      candidate[i] = 100 + i;
    }
    current[19] = 9;
    candidate[19] = 1;
    current[20] = 6;
    candidate[20] = 2;
    current[21] = 7;
    candidate[21] = 3;

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 5, 0.1, null);

    assertThat(t.currentAlerts()).isEqualTo(3);
    assertThat(t.restored()).isEqualTo(2);
    assertThat(t.events()).isEqualTo(22);
    assertThat(t.normalScores()).hasSize(21).contains(2.0, 3.0).doesNotContain(1.0);
  }

  @Test
  void withCampaignsTheAlertsOnOrdinarySourcesAreRestored() {
    double[] current = {0, 0, 9, 8, 7};
    double[] candidate = {1, 2, 30, 40, 50};
    CandidateThreshold.Source o = CandidateThreshold.Source.ORDINARY;
    CandidateThreshold.Source c = CandidateThreshold.Source.CAMPAIGN;
    CandidateThreshold.Source[] sources = {o, o, c, o, c};

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 5, 0.01, sources);

    assertThat(t.restoredOrdinary()).isEqualTo(1);
    assertThat(t.restoredUnkeyed()).isZero();
    assertThat(t.normalScores()).containsExactly(1, 2, 40);
  }

  @Test
  void alertsWithoutTheKeyAreRestoredByTheTargetsCountAmongThoseWithoutIt() {
    // 10 unkeyed kept, 3 unkeyed alerts; at 1/6 (t / (1 - t) = 0.2), 10 * 0.2 = 2 of them come
    // back: the lowest-graded (7 and 8), not 9; the keyed kept events do not count
    double[] current = new double[16];
    double[] candidate = new double[16];
    CandidateThreshold.Source[] sources = new CandidateThreshold.Source[16];
    for (int i = 0; i < 13; i++) {
      current[i] = 0;
      candidate[i] = i;
      sources[i] = i < 10 ? CandidateThreshold.Source.UNKEYED : CandidateThreshold.Source.ORDINARY;
    }
    for (int j = 0; j < 3; j++) {
      current[13 + j] = 9 - j; // 9, 8, 7
      candidate[13 + j] = 100 + j;
      sources[13 + j] = CandidateThreshold.Source.UNKEYED;
    }

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 5, 1.0 / 6, sources);

    assertThat(t.restoredUnkeyed()).isEqualTo(2);
    assertThat(t.normalScores()).contains(101.0, 102.0).doesNotContain(100.0);
  }

  @Test
  void neverRestoresMoreThanTheCurrentModelAlertedOn() {
    CandidateThreshold t =
        CandidateThreshold.of(
            new double[] {0, 0, 0, 0, 9}, new double[] {1, 2, 3, 4, 5}, 1, 0.5, null);

    assertThat(t.restored()).isEqualTo(1);
    assertThat(t.normalScores()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void nothingRestoredAtATargetOfZero() {
    CandidateThreshold t =
        CandidateThreshold.of(new double[] {0, 0, 9}, new double[] {1, 2, 3}, 1, 0, null);

    assertThat(t.restored()).isZero();
    assertThat(t.normalScores()).containsExactly(1, 2);
  }

  /**
   * Five generations, each candidate grading normal events like its parent (plus noise), every
   * window with 3% attacks that score far above: the false-positive rate at each candidate's
   * threshold stays near the target instead of adding up. Without the restored events it grows
   * generation by generation; this checks both, so the test fails if the restoring stops working.
   */
  @Test
  void theFalsePositiveRateDoesNotCompoundOverGenerations() {
    double target = 0.01;
    SplittableRandom rnd = new SplittableRandom(7);
    double[] withRestore = generations(target, rnd.split(), true);
    double[] without = generations(target, rnd.split(), false);

    for (double fpr : withRestore) {
      assertThat(fpr).isBetween(0.5 * target, 1.6 * target);
    }
    assertThat(without[4]).isGreaterThan(2.5 * target);
  }

  /** The measured FPR of each generation's model on fresh normal events. */
  private static double[] generations(double target, SplittableRandom rnd, boolean restore) {
    int normals = 20_000;
    int attacks = 600;
    double[] fprs = new double[5];
    // generation 0: calibrated on clean normal scores
    double[] clean = new double[normals];
    for (int i = 0; i < normals; i++) {
      clean[i] = rnd.nextGaussian();
    }
    double threshold = Calibration.fit(clean, target).threshold();
    for (int g = 0; g < 5; g++) {
      int n = normals + attacks;
      double[] latent = new double[n];
      double[] current = new double[n];
      double[] candidate = new double[n];
      for (int i = 0; i < n; i++) {
        latent[i] = i < normals ? rnd.nextGaussian() : 8 + rnd.nextGaussian();
        // both models see the same event and grade it alike, each with a little noise of its own
        current[i] = latent[i] + 0.1 * rnd.nextGaussian();
        candidate[i] = latent[i] + 0.1 * rnd.nextGaussian();
      }
      CandidateThreshold t =
          CandidateThreshold.of(current, candidate, threshold, restore ? target : 0, null);
      threshold = Calibration.fit(t.normalScores(), target).threshold();
      // the candidate becomes current; measure it on fresh normal events graded like the window's
      int above = 0;
      for (int i = 0; i < normals; i++) {
        double fresh = rnd.nextGaussian() + 0.1 * rnd.nextGaussian();
        above += fresh > threshold ? 1 : 0;
      }
      fprs[g] = above / (double) normals;
    }
    return fprs;
  }

  @Test
  void scoresOfDifferentEventsAreRefused() {
    assertThatThrownBy(() -> CandidateThreshold.of(new double[2], new double[3], 0, 0.01, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 current scores but 3 candidate scores");
  }
}
