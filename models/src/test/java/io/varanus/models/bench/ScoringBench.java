package io.varanus.models.bench;

import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.NoiseTable;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeScorer;
import io.varanus.models.vae.VaeWeights;
import io.varanus.models.vae.internal.VaeGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scoring throughput of the 40-64-8-64-40 VAE: the plain-Java scorer against SameDiff's output() on
 * the same weights, for batch sizes 1, 64, 1024 (and 8192 for the plain-Java path) and L = 1 and
 * 10. Prints one row per case and which dense kernel the JVM got. Arguments: seconds per case
 * (default 3), then {@code java-only} to skip SameDiff. Usage: see docs/BENCHMARKS.md ({@code
 * models/bench.sh}).
 */
public final class ScoringBench {

  private ScoringBench() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    boolean sameDiffToo = args.length < 2 || !args[1].equals("java-only");
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      blocks.add(new InputLayout.Continuous("f" + i));
    }
    InputLayout layout = new InputLayout(blocks);
    VaeConfig config = VaeConfig.defaults().withHidden(List.of(64), 8);
    VaeModel model = new VaeModel(layout, config, VaeWeights.initial(layout, config, 1), null);
    float[][] data = NoiseTable.standardNormal(8192, 40, 3);
    VaeGraph graph = VaeGraph.build(layout, config, model.weights(), DataType.FLOAT);
    System.out.printf(
        "cores=%d  java=%s  dense kernel=%s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), VaeScorer.denseKernel());
    System.out.printf("%-22s %6s %3s %12s %12s%n", "path", "batch", "L", "rows/s", "ms/call");
    for (int samples : new int[] {1, 10}) {
      VaeScorer scorer = new VaeScorer(model, samples, 7);
      for (int batch : new int[] {1, 64, 1024, 8192}) {
        float[][] rows = Arrays.copyOf(data, batch);
        report("java (fast path)", batch, samples, time(() -> scorer.score(rows), batch, seconds));
      }
      for (int batch : sameDiffToo ? new int[] {1, 64, 1024} : new int[0]) {
        float[][] rows = Arrays.copyOf(data, batch);
        float[][] eps = NoiseTable.standardNormal(samples, 8, 7);
        INDArray x = Nd4j.create(rows);
        Runnable sameDiff =
            () -> {
              for (float[] e : eps) {
                float[][] tiled = new float[batch][];
                Arrays.fill(tiled, e);
                Map<String, INDArray> out =
                    graph.run(x, Nd4j.create(tiled), 1.0, VaeGraph.RECON, VaeGraph.KL);
                out.get(VaeGraph.RECON).getDouble(0);
              }
            };
        report("samediff output()", batch, samples, time(sameDiff, batch, seconds));
      }
    }
  }

  private static double[] time(Runnable call, int batch, double seconds) {
    long warm = System.nanoTime();
    while (System.nanoTime() - warm < 1e9) {
      call.run();
    }
    long n = 0;
    long t0 = System.nanoTime();
    long t;
    do {
      call.run();
      n++;
      t = System.nanoTime() - t0;
    } while (t < seconds * 1e9);
    return new double[] {n * batch / (t / 1e9), t / 1e6 / n};
  }

  private static void report(String path, int batch, int samples, double[] r) {
    System.out.printf("%-22s %6d %3d %12.0f %12.3f%n", path, batch, samples, r[0], r[1]);
  }
}
