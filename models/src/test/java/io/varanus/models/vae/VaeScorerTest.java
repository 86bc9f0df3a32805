package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VaeScorerTest {

  private final InputLayout layout = Fixtures.Synthetic.LAYOUT;
  private final VaeConfig config = VaeConfig.defaults().withHidden(List.of(16), 3);
  private final VaeModel model =
      new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 3), null);

  @Test
  void batchAndSingleRowScoresAreEqual() {
    float[][] rows = Fixtures.Synthetic.normal(600, 9);
    VaeScorer scorer = model.scorer();
    Score[] batch = scorer.score(rows);
    for (int i = 0; i < rows.length; i += 37) {
      assertThat(scorer.score(rows[i])).isEqualTo(batch[i]);
    }
    Score[] slice = scorer.score(java.util.Arrays.copyOfRange(rows, 100, 103));
    assertThat(slice[1]).isEqualTo(batch[101]);
  }

  @Test
  void scoresAreTheSameOnEveryThread() throws Exception {
    float[][] rows = Fixtures.Synthetic.normal(300, 10);
    VaeScorer scorer = model.scorer();
    Score[] expected = scorer.score(rows);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Score[]>> results =
          java.util.stream.IntStream.range(0, 8)
              .mapToObj(i -> pool.submit(() -> scorer.score(rows)))
              .toList();
      for (Future<Score[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void screeningKeepsTheFullScoreOfEveryRowAboveTheDecisionAndSkipsMostOthers() {
    float[][] normal = Fixtures.Synthetic.normal(900, 13);
    float[][] odd = Fixtures.Synthetic.anomalies(100, 14);
    float[][] rows =
        java.util.stream.Stream.of(normal, odd)
            .flatMap(java.util.Arrays::stream)
            .toArray(float[][]::new);
    VaeScorer scorer = model.scorer();
    Score[] full = scorer.score(rows);
    double[] sorted = Fixtures.values(full);
    java.util.Arrays.sort(sorted);
    double decideAt = sorted[(int) (0.9 * sorted.length)];
    Score[] screened = scorer.score(rows, decideAt);
    int kept = 0;
    for (int i = 0; i < rows.length; i++) {
      if (full[i].value() > decideAt) {
        assertThat(screened[i]).as("row %d above the decision", i).isEqualTo(full[i]);
      } else if (screened[i].samples() < scorer.samples()) {
        kept++;
        assertThat(screened[i].value()).as("row %d", i).isLessThan(decideAt);
      } else {
        assertThat(screened[i]).as("row %d scored in full", i).isEqualTo(full[i]);
      }
    }
    assertThat(kept).as("rows that kept their screening score").isGreaterThan(rows.length / 2);
    // batch composition does not matter: a row alone is screened the same way
    for (int i = 0; i < rows.length; i += 97) {
      assertThat(scorer.score(new float[][] {rows[i]}, decideAt)[0]).isEqualTo(screened[i]);
    }
  }

  @Test
  void noDecisionOrFewSamplesMeansFullScores() {
    float[][] rows = Fixtures.Synthetic.normal(300, 15);
    VaeScorer scorer = model.scorer();
    assertThat(scorer.score(rows, Double.NaN)).containsExactly(scorer.score(rows));
    VaeScorer few = new VaeScorer(model, VaeScorer.MIN_SCREENED_SAMPLES - 1, 42);
    assertThat(few.score(rows, Double.POSITIVE_INFINITY)).containsExactly(few.score(rows));
    assertThat(scorer.score(rows, Double.NEGATIVE_INFINITY)).containsExactly(scorer.score(rows));
  }

  @Test
  void reconstructionIsTheSumOfBlockContributions() {
    Score s = model.scorer().score(Fixtures.Synthetic.normal(1, 11)[0]);
    double sum = 0;
    for (double v : s.blockNll()) {
      sum += v;
    }
    assertThat(s.reconstruction()).isCloseTo(sum, within(1e-9));
    assertThat(s.value()).isCloseTo(s.reconstruction() + s.kl(), within(1e-9));
    assertThat(s.kl()).isGreaterThanOrEqualTo(0);
    for (double v : s.blockSurprise()) {
      assertThat(v).isGreaterThanOrEqualTo(0);
    }
    assertThat(s.grade()).isNaN();
  }

  @Test
  void varianceOfTheScoreAcrossSeedsFallsAsSamplesGrow() {
    float[] row = Fixtures.Synthetic.normal(1, 12)[0];
    double var1 = varianceAcrossSeeds(row, 1);
    double var64 = varianceAcrossSeeds(row, 64);
    assertThat(var1).isGreaterThan(0);
    // The Monte Carlo variance is var1 / L: expect a ratio near 64; allow for sampling noise.
    assertThat(var64).isLessThan(var1 / 20);
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    assertThatThrownBy(() -> model.scorer().score(new float[3]))
        .hasMessageContaining("Row 0 has 3 columns; the model expects 13");
  }

  @Test
  void fastTanhIsAccurate() {
    for (float x = -12f; x <= 12f; x += 0.0007f) {
      assertThat((double) Tanh.of(x)).isCloseTo(Math.tanh(x), within(5e-7));
    }
  }

  private double varianceAcrossSeeds(float[] row, int samples) {
    int seeds = 200;
    double[] v = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      v[s] = new VaeScorer(model, samples, 1000L + s).score(row).value();
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    return java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (seeds - 1);
  }
}
