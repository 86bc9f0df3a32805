package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.models.vae.internal.VaeGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainer's hand-derived gradients against the reference: SameDiff's automatic differentiation
 * of {@link VaeGraph} (in double precision) and central finite differences of the graph's loss, for
 * every parameter, with a KL weight below one as in warm-up. Batches below and above the kernels'
 * streaming threshold take both dense-layer paths, and a hidden layer wider than the vector lanes
 * the vector weight-gradient kernel; a group logit beyond the clamp checks its zero gradient.
 */
class ElboPassTest {

  private static final InputLayout LAYOUT =
      InputLayout.of(
          new InputLayout.Continuous("a"),
          new InputLayout.Categorical("proto", 3),
          new InputLayout.Continuous("b"),
          new InputLayout.Continuous("c"),
          new InputLayout.Categorical("flag", 4));

  @ParameterizedTest(name = "hidden {0}, {1} rows")
  @CsvSource({"6, 5", "'6,4', 13", "12, 70", "40, 50"})
  void gradientsMatchSameDiffAndFiniteDifferences(String hidden, int rows) {
    List<Integer> sizes = java.util.Arrays.stream(hidden.split(",")).map(Integer::valueOf).toList();
    VaeConfig config = VaeConfig.defaults().withHidden(sizes, 3);
    VaeWeights weights = Fixtures.randomWeights(LAYOUT, config, 21);
    float[][] x = rows(rows, 4);
    float[][] eps = NoiseTable.standardNormal(rows, 3, 8);
    double beta = 0.6;

    VaeParameters params = VaeParameters.of(weights);
    VaeParameters grad = params.zeros();
    ElboPass pass = new ElboPass(LAYOUT, config, 80);
    DenseLayer[] net = new DenseLayer[params.layerCount()];
    for (int i = 0; i < net.length; i++) {
      net[i] = params.layer(i);
    }
    double loss = pass.forward(net, params.raw, x, null, 0, rows, eps, beta, true) / rows;
    pass.backward(params, grad);

    VaeGraph graph = VaeGraph.build(LAYOUT, config, weights, DataType.DOUBLE);
    Map<String, INDArray> ph = placeholders(x, eps, beta);
    assertThat(loss).isCloseTo(graphLoss(graph, ph), within(1e-4 * Math.abs(loss)));
    Map<String, float[]> mine = named(graph, grad);
    Map<String, INDArray> reference =
        graph.sameDiff().calculateGradients(ph, List.copyOf(mine.keySet()));
    double h = 1e-6;
    int checked = 0;
    for (Map.Entry<String, float[]> e : mine.entrySet()) {
      INDArray arr = graph.sameDiff().getVariable(e.getKey()).getArr();
      INDArray auto = reference.get(e.getKey());
      for (int i = 0; i < e.getValue().length; i++) {
        double orig = arr.getDouble(i);
        arr.putScalar(i, orig + h);
        double up = graphLoss(graph, ph);
        arr.putScalar(i, orig - h);
        double down = graphLoss(graph, ph);
        arr.putScalar(i, orig);
        double numeric = (up - down) / (2 * h);
        double analytic = e.getValue()[i];
        assertThat(analytic)
            .as("d loss / d %s[%d] against SameDiff", e.getKey(), i)
            .isCloseTo(auto.getDouble(i), within(2e-5 + 1e-3 * Math.abs(auto.getDouble(i))));
        assertThat(analytic)
            .as("d loss / d %s[%d] against finite differences", e.getKey(), i)
            .isCloseTo(numeric, within(1e-4 + 1e-3 * Math.abs(numeric)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(params.arrays().stream().mapToInt(a -> a.length).sum());
  }

  @ParameterizedTest(name = "logit {0}")
  @CsvSource({"55", "-55"})
  void aClampedLogitHasNoGradient(float bias) {
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(4), 2);
    VaeWeights w = VaeWeights.initial(LAYOUT, config, 3);
    float[] b = new float[LAYOUT.width()];
    b[2] = bias;
    DenseLayer out = new DenseLayer(w.output().in(), w.output().out(), w.output().w(), b);
    VaeWeights clamped =
        new VaeWeights(w.encoder(), w.mu(), w.logVar(), w.decoder(), out, w.rawVariance());
    VaeParameters params = VaeParameters.of(clamped);
    VaeParameters grad = params.zeros();
    ElboPass pass = new ElboPass(LAYOUT, config, 8);
    DenseLayer[] net = new DenseLayer[params.layerCount()];
    for (int i = 0; i < net.length; i++) {
      net[i] = params.layer(i);
    }
    float[][] x = rows(6, 2);
    pass.forward(net, params.raw, x, null, 0, 6, NoiseTable.standardNormal(6, 2, 1), 1, true);
    pass.backward(params, grad);
    float[] outBias = grad.b[params.layerCount() - 1];
    assertThat(outBias[2]).isZero();
    assertThat(outBias[1]).isNotZero();
  }

  private static float[][] rows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] rows = new float[n][LAYOUT.width()];
    for (float[] r : rows) {
      r[0] = (float) rnd.nextGaussian();
      r[1 + rnd.nextInt(3)] = 1f;
      r[4] = (float) rnd.nextGaussian();
      r[5] = (float) (rnd.nextDouble() * 2 - 1);
      r[6 + rnd.nextInt(4)] = 1f;
    }
    return rows;
  }

  private static Map<String, float[]> named(VaeGraph graph, VaeParameters grad) {
    Map<String, float[]> m = new HashMap<>();
    List<String> names = graph.layerNames();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i) + "_w", grad.w[i]);
      m.put(names.get(i) + "_b", grad.b[i]);
    }
    m.put(VaeGraph.RAW_VARIANCE, grad.raw);
    return m;
  }

  private static Map<String, INDArray> placeholders(float[][] x, float[][] eps, double beta) {
    return Map.of(
        VaeGraph.X, Nd4j.create(x).castTo(DataType.DOUBLE),
        VaeGraph.EPS, Nd4j.create(eps).castTo(DataType.DOUBLE),
        VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, beta));
  }

  private static double graphLoss(VaeGraph graph, Map<String, INDArray> ph) {
    return graph.sameDiff().output(ph, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
  }
}
