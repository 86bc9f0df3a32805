package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.models.vae.internal.VaeGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast scorer against the SameDiff graph with the same weights and the same noise table: equal
 * scores to 1e-4 relative at batch sizes around the scorer's block and chunk boundaries.
 */
class VaeScorerReferenceTest {

  private static final long SEED = 1234L;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String network : List.of("synthetic", "benchmark")) {
      for (int batch : new int[] {1, 63, 64, 65, 1024}) {
        for (int samples : new int[] {1, 10}) {
          cases.add(Arguments.of(network, batch, samples));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} network, batch {1}, L = {2}")
  @MethodSource("cases")
  void fastScorerMatchesSameDiff(String network, int batch, int samples) {
    VaeModel model = network.equals("synthetic") ? syntheticModel() : benchmarkModel();
    float[][] rows =
        network.equals("synthetic")
            ? Fixtures.Synthetic.normal(batch, 8)
            : NoiseTable.standardNormal(batch, model.layout().width(), 8);
    double[][] reference = sameDiffReconAndKl(model, rows, samples);

    Score[] scores = new VaeScorer(model, samples, SEED).score(rows);

    for (int r = 0; r < batch; r++) {
      double recon = reference[0][r];
      double kl = reference[1][r];
      assertThat(scores[r].reconstruction())
          .as("reconstruction of row %d", r)
          .isCloseTo(recon, within(1e-4 * Math.abs(recon)));
      assertThat(scores[r].kl()).as("kl of row %d", r).isCloseTo(kl, within(1e-4 * kl + 1e-6));
      assertThat(scores[r].value())
          .as("score of row %d", r)
          .isCloseTo(recon + kl, within(1e-4 * Math.abs(recon + kl)));
    }
  }

  /** The quality test's layout (continuous columns and two categorical groups), small network. */
  private static VaeModel syntheticModel() {
    InputLayout layout = Fixtures.Synthetic.LAYOUT;
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(16), 3);
    return new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 3), null);
  }

  /** The benchmark network of docs/BENCHMARKS.md: 40 continuous inputs, 40-64-8-64-40. */
  private static VaeModel benchmarkModel() {
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      blocks.add(new InputLayout.Continuous("f" + i));
    }
    InputLayout layout = new InputLayout(blocks);
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(64), 8);
    return new VaeModel(layout, config, Fixtures.randomWeights(layout, config, 5), null);
  }

  /** Per row, the reconstruction term and the KL averaged over the scorer's noise table. */
  private static double[][] sameDiffReconAndKl(VaeModel model, float[][] rows, int samples) {
    VaeGraph graph =
        VaeGraph.build(model.layout(), model.config(), model.weights(), DataType.FLOAT);
    float[][] table = NoiseTable.standardNormal(samples, model.config().latentDim(), SEED);
    double[][] sums = new double[2][rows.length];
    INDArray x = Nd4j.create(rows);
    for (float[] e : table) {
      float[][] tiled = new float[rows.length][];
      Arrays.fill(tiled, e);
      Map<String, INDArray> out =
          graph.run(x, Nd4j.create(tiled), 1.0, VaeGraph.RECON, VaeGraph.KL);
      for (int r = 0; r < rows.length; r++) {
        sums[0][r] += out.get(VaeGraph.RECON).getDouble(r) / samples;
        sums[1][r] += out.get(VaeGraph.KL).getDouble(r) / samples;
      }
    }
    return sums;
  }
}
