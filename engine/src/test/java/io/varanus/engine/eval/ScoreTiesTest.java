package io.varanus.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreTiesTest {

  @Test
  void countsNormalEventsTiedAtTheTopAndTheLargestTie() {
    double[] scores = {1, 2, 2, 2, 9.6e6, 9.6e6, 5, 9.6e6, 3};
    boolean[] anomalous = {false, false, false, false, false, false, true, true, false};
    ScoreTies t = ScoreTies.of(scores, anomalous);
    // the attack at 9.6e6 is not a normal event
    assertThat(t.normalAtMax()).isEqualTo(2);
    assertThat(t.largestTie()).isEqualTo(3);
    assertThat(t.largestTieScore()).isEqualTo(2);
    assertThat(t.normals()).isEqualTo(7);
    assertThat(t.normalAtMaxShare()).isEqualTo(2 / 7.0);
  }

  @Test
  void distinctScoresHaveNoTies() {
    ScoreTies t =
        ScoreTies.of(new double[] {3, 1, 2, 7}, new boolean[] {false, false, false, true});
    assertThat(t.normalAtMax()).isZero();
    assertThat(t.largestTie()).isZero();
    assertThat(t.largestTieScore()).isNaN();
    assertThat(t.toJson()).containsEntry("largest_normal_tie_score", null);
  }
}
