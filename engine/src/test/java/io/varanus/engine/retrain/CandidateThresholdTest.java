package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CandidateThresholdTest {

  @Test
  void normalScoresAreTheCandidatesScoresOfEventsTheCurrentModelDidNotAlertOn() {
    double[] current = {1, 9, 2, 8, 3};
    double[] candidate = {10, 20, 30, 40, 50};

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 5);

    assertThat(t.normalScores()).containsExactly(10, 30, 50);
    assertThat(t.currentAlerts()).isEqualTo(2);
    assertThat(t.events()).isEqualTo(5);
  }

  @Test
  void atTheVolumeFloorTheCandidateAlertsOnNoMoreEventsThanTheCurrentModel() {
    double[] current = new double[100];
    double[] candidate = new double[100];
    for (int i = 0; i < 100; i++) {
      current[i] = i;
      candidate[i] = (i * 37) % 100 + 0.5; // another order, distinct scores
    }

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 96.5); // 97, 98, 99 alert

    assertThat(t.currentAlerts()).isEqualTo(3);
    int above = 0;
    for (double s : candidate) {
      above += s > t.volumeFloor() ? 1 : 0;
    }
    assertThat(above).isEqualTo(3);
  }

  @Test
  void tiedCandidateScoresNeverLetMoreEventsAlert() {
    double[] current = {0, 0, 0, 10};
    double[] candidate = {5, 5, 5, 5};

    CandidateThreshold t = CandidateThreshold.of(current, candidate, 1);

    assertThat(t.volumeFloor()).isEqualTo(5); // nothing scores strictly above 5
  }

  @Test
  void noFloorWhenTheCurrentModelAlertedOnEverythingAndNoNormalScores() {
    CandidateThreshold t = CandidateThreshold.of(new double[] {5, 6}, new double[] {1, 2}, 0);

    assertThat(t.volumeFloor()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(t.normalScores()).isEmpty();
  }

  @Test
  void scoresOfDifferentEventsAreRefused() {
    assertThatThrownBy(() -> CandidateThreshold.of(new double[2], new double[3], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 current scores but 3 candidate scores");
  }
}
