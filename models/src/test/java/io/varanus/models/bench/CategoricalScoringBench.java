package io.varanus.models.bench;

import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeScorer;
import io.varanus.models.vae.VaeWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Scoring throughput of a VAE whose input is mostly categorical, as connection records and log
 * events with several one-hot fields are: 20 continuous features and four categorical groups of 11,
 * 7, 7 and 24 categories (69 columns), hidden 64, latent 8, L = 16, batches of 64 rows (the
 * service's per-partition blocks). Prints rows/s per round. Argument: rounds (default 6), each 2 s.
 * Usage: docs/BENCHMARKS.md, "Scoring categorical groups".
 */
public final class CategoricalScoringBench {

  private CategoricalScoringBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int[] groups = {11, 7, 7, 24};
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      blocks.add(new InputLayout.Continuous("f" + i));
    }
    for (int g = 0; g < groups.length; g++) {
      blocks.add(new InputLayout.Categorical("g" + g, groups[g]));
    }
    InputLayout layout = new InputLayout(blocks);
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(64), 8);
    VaeModel model = new VaeModel(layout, config, VaeWeights.initial(layout, config, 1), null);
    float[][] rows = new float[1024][layout.width()];
    Random rnd = new Random(1);
    for (float[] row : rows) {
      for (int c = 0; c < 20; c++) {
        row[c] = (float) rnd.nextGaussian();
      }
      int offset = 20;
      for (int g : groups) {
        row[offset + rnd.nextInt(g)] = 1;
        offset += g;
      }
    }
    VaeScorer scorer = new VaeScorer(model, 16, 7);
    System.out.printf(
        "cores=%d  java=%s  dense kernel=%s  width=%d%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        VaeScorer.denseKernel(),
        layout.width());
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - start < 2_000_000_000L) {
        for (int i = 0; i < rows.length; i += 64) {
          scorer.score(Arrays.copyOfRange(rows, i, i + 64));
          n += 64;
        }
      }
      System.out.printf(
          "round %d: %.0f rows/s%n", round + 1, n / ((System.nanoTime() - start) / 1e9));
    }
  }
}
