package io.varanus.models.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained model depends on the seed, not on the machine: a JVM that sees one core, runs without
 * {@code OMP_NUM_THREADS} (as {@code java -jar} usually is) and without the vector module (so every
 * kernel takes its scalar path) trains the same weights, bit for bit, as the test JVM, which has
 * the vector module, both cores and {@code OMP_NUM_THREADS=1}.
 */
class TrainingThreadsTest {

  @Test
  void aJvmWithOneCoreAndScalarKernelsTrainsTheSameWeights(@TempDir Path tmp) throws Exception {
    assertThat(DenseKernel.VECTOR).as("the test JVM has the vector module").isTrue();
    Path here = tmp.resolve("here.bin");
    Path child = tmp.resolve("child.bin");
    train(here);

    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=1",
                "-cp",
                System.getProperty("java.class.path"),
                TrainingThreadsTest.class.getName(),
                child.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().remove("OMP_NUM_THREADS");
    pb.environment().remove("OPENBLAS_NUM_THREADS");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();

    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
    assertThat(Files.mismatch(here, child)).as("first byte where the weights differ").isEqualTo(-1);
  }

  /** Entry point of the child JVM: trains and writes the weights to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (DenseKernel.VECTOR || Runtime.getRuntime().availableProcessors() != 1) {
      System.err.println("child JVM expected scalar kernels and one core");
      System.exit(3);
    }
    train(Path.of(args[0]));
  }

  private static void train(Path out) throws IOException {
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      blocks.add(new InputLayout.Continuous("c" + i));
    }
    InputLayout layout = InputLayout.of(blocks.toArray(new InputLayout.Block[0]));
    VaeConfig config =
        VaeConfig.defaults().withHidden(List.of(256), 16).withTraining(256, 3, 3, 1).withSeed(5);
    SplittableRandom rnd = new SplittableRandom(3);
    float[][] rows = new float[2048][120];
    for (float[] r : rows) {
      double f = rnd.nextGaussian();
      for (int j = 0; j < r.length; j++) {
        r[j] = (float) (f * Math.sin(j) + 0.3 * rnd.nextGaussian());
      }
    }
    VaeWeights w =
        new VaeTrainer(config, TrainingListener.none()).train(layout, rows).model().weights();
    try (OutputStream os = Files.newOutputStream(out);
        DataOutputStream data = new DataOutputStream(os)) {
      List<DenseLayer> layers = new ArrayList<>(w.encoder());
      layers.add(w.mu());
      layers.add(w.logVar());
      layers.addAll(w.decoder());
      layers.add(w.output());
      for (DenseLayer l : layers) {
        write(data, l.w());
        write(data, l.b());
      }
      write(data, w.rawVariance());
    }
  }

  private static void write(DataOutputStream data, float[] values) throws IOException {
    for (float v : values) {
      data.writeFloat(v);
    }
  }
}
