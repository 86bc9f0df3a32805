package io.varanus.models.bench;

import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.TrainingReport;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeScorer;
import io.varanus.models.vae.VaeTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training time of the VAE on exported rows ({@code rows.f32} and {@code layout.txt}, written by
 * the engine's {@code TrainingRows}), for the comparison with PyTorch in docs/BENCHMARKS.md ({@code
 * engine/bench/training.sh} runs both). Trains the given number of epochs with early stopping off,
 * then with the default settings (early stopping on, at most {@code max-epochs}). With {@code
 * samediff}, also times SameDiff's training loop for a few epochs on the same rows.
 *
 * <p>Arguments: rows directory, epochs, then optionally {@code samediff <epochs>}.
 */
public final class TrainingBench {

  private TrainingBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    InputLayout layout = readLayout(dir.resolve("layout.txt"));
    float[][] data = readRows(dir.resolve("rows.f32"), layout.width());
    VaeConfig model = VaeConfig.defaults().withHidden(List.of(64), 8);
    System.out.printf(
        "rows %d, width %d, batch %d, learning rate %s, cores %d, dense kernel: %s%n",
        data.length,
        layout.width(),
        model.batchSize(),
        model.learningRate(),
        Runtime.getRuntime().availableProcessors(),
        VaeScorer.denseKernel());
    VaeConfig fixed =
        model.withTraining(model.batchSize(), epochs, epochs + 1, model.klWarmupEpochs());
    report(
        "varanus, early stopping off", new VaeTrainer(fixed, none()).train(layout, data).report());
    report(
        "varanus, early stopping on", new VaeTrainer(model, none()).train(layout, data).report());
    if (args.length > 3 && args[2].equals("samediff")) {
      int sdEpochs = Integer.parseInt(args[3]);
      VaeConfig few = model.withTraining(model.batchSize(), sdEpochs, sdEpochs + 1, 5);
      report(
          "samediff, early stopping off",
          io.varanus.models.vae.SameDiffTrainers.train(few, layout, data));
    }
  }

  private static io.varanus.models.vae.TrainingListener none() {
    return io.varanus.models.vae.TrainingListener.none();
  }

  static void report(String what, TrainingReport r) {
    int ran = r.validationLoss().size();
    System.out.printf(
        "%s: %d epochs in %.2f s (%.3f s/epoch, %d train rows), best epoch %d, val loss %.4f,"
            + " stopped early %s%n",
        what,
        ran,
        r.millis() / 1000.0,
        r.millis() / 1000.0 / ran,
        r.trainRows(),
        r.bestEpoch() + 1,
        r.bestValidationLoss(),
        r.stoppedEarly());
  }

  static InputLayout readLayout(Path file) throws IOException {
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split(" ");
      blocks.add(
          f[0].equals("c")
              ? new InputLayout.Continuous("c" + blocks.size())
              : new InputLayout.Categorical("k" + blocks.size(), Integer.parseInt(f[1])));
    }
    return new InputLayout(blocks);
  }

  static float[][] readRows(Path file, int width) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int n = buf.remaining() / 4 / width;
    float[][] rows = new float[n][width];
    for (float[] r : rows) {
      for (int c = 0; c < width; c++) {
        r[c] = buf.getFloat();
      }
    }
    return rows;
  }
}
