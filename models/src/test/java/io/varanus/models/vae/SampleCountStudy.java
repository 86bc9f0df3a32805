package io.varanus.models.vae;

import java.util.Arrays;
import java.util.List;

/**
 * How many Monte Carlo samples L a score needs: trains the synthetic model of the quality test,
 * then, for held-out normal rows, compares the spread of a row's score across noise seeds (the
 * Monte Carlo error) with the spread of scores across normal rows, and the cost of each L. Run by
 * hand; the numbers are in docs/BENCHMARKS.md.
 */
public final class SampleCountStudy {

  private SampleCountStudy() {}

  public static void main(String[] args) {
    VaeConfig config =
        VaeConfig.defaults()
            .withHidden(List.of(64), 8)
            .withTraining(128, 80, 8, 3)
            .withLearningRate(1e-2);
    VaeModel model =
        new VaeTrainer(config, TrainingListener.none())
            .train(Fixtures.Synthetic.LAYOUT, Fixtures.Synthetic.normal(2500, 1))
            .model();
    float[][] rows = Fixtures.Synthetic.normal(200, 2);
    double[] typical = Fixtures.values(model.scorer().score(rows));
    double between = std(typical);
    System.out.printf("std of normal scores across rows (L=16): %.4f%n", between);
    System.out.printf("%4s %22s %18s%n", "L", "mean MC std per row", "ratio to spread");
    for (int samples : new int[] {1, 4, 8, 16, 32, 64}) {
      double sum = 0;
      for (float[] row : rows) {
        double[] v = new double[20];
        for (int s = 0; s < v.length; s++) {
          v[s] = new VaeScorer(model, samples, 100L + s).score(row).value();
        }
        sum += std(v);
      }
      double mc = sum / rows.length;
      System.out.printf("%4d %22.4f %18.4f%n", samples, mc, mc / between);
    }
  }

  private static double std(double[] v) {
    double mean = Arrays.stream(v).average().orElseThrow();
    return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
  }
}
