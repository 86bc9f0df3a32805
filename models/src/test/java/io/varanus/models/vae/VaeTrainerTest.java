package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaeTrainerTest {

  private static final VaeConfig CONFIG =
      VaeConfig.defaults()
          .withHidden(List.of(64), 8)
          .withTraining(128, 80, 8, 3)
          .withLearningRate(1e-2);
  private static TrainedVae trained;

  @BeforeAll
  static void train() {
    trained =
        new VaeTrainer(CONFIG, TrainingListener.none())
            .train(Fixtures.Synthetic.LAYOUT, Fixtures.Synthetic.normal(2500, 1));
  }

  @Test
  void scoresInjectedAnomaliesAboveHeldOutNormalRows() {
    VaeScorer scorer = trained.model().scorer();
    double[] normal = Fixtures.values(scorer.score(Fixtures.Synthetic.normal(1500, 2)));
    double[] anomalous = Fixtures.values(scorer.score(Fixtures.Synthetic.anomalies(600, 3)));
    assertThat(Fixtures.auroc(normal, anomalous)).isGreaterThan(0.99);
  }

  @Test
  void validationLossFallsAndBestEpochIsKept() {
    TrainingReport r = trained.report();
    assertThat(r.validationLoss().get(r.bestEpoch())).isLessThan(r.validationLoss().get(0));
    assertThat(r.bestValidationLoss())
        .isEqualTo(
            r.validationLoss().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    assertThat(r.trainRows() + r.validationRows()).isEqualTo(2500);
    assertThat(trained.validationRows().length).isEqualTo(r.validationRows());
  }

  @Test
  void sameSeedGivesTheSameModel() {
    VaeConfig quick = CONFIG.withTraining(128, 3, 5, 1);
    float[][] rows = Fixtures.Synthetic.normal(600, 4);
    VaeModel a =
        new VaeTrainer(quick, TrainingListener.none())
            .train(Fixtures.Synthetic.LAYOUT, rows)
            .model();
    VaeModel b =
        new VaeTrainer(quick, TrainingListener.none())
            .train(Fixtures.Synthetic.LAYOUT, rows)
            .model();
    VaeModel c =
        new VaeTrainer(quick.withSeed(7), TrainingListener.none())
            .train(Fixtures.Synthetic.LAYOUT, rows)
            .model();
    assertThat(a.weights()).isEqualTo(b.weights());
    assertThat(a.weights()).isNotEqualTo(c.weights());
  }

  @Test
  void klWeightRampsDuringWarmUp() {
    VaeTrainer t = new VaeTrainer(CONFIG, TrainingListener.none());
    assertThat(t.klWeight(0, 0, 10)).isCloseTo(1.0 / 30, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.klWeight(1, 4, 10)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.klWeight(5, 0, 10)).isEqualTo(1.0);
  }

  @Test
  void refusesTooFewOrNonFiniteRows() {
    VaeTrainer t = new VaeTrainer(CONFIG, TrainingListener.none());
    assertThatThrownBy(() -> t.train(Fixtures.Synthetic.LAYOUT, Fixtures.Synthetic.normal(3, 1)))
        .hasMessageContaining("need at least 10 normal rows");
    float[][] rows = Fixtures.Synthetic.normal(50, 1);
    rows[7][2] = Float.NaN;
    assertThatThrownBy(() -> t.train(Fixtures.Synthetic.LAYOUT, rows))
        .hasMessageContaining("Row 7 column 2 is NaN");
  }
}
