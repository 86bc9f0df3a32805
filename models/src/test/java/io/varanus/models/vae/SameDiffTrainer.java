package io.varanus.models.vae;

import io.varanus.models.vae.internal.QuietStdout;
import io.varanus.models.vae.internal.VaeGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The SameDiff training loop {@link VaeTrainer} replaced, kept as the reference it is measured
 * against (TrainingBench): the same split, noise, schedule and early stopping, with SameDiff's
 * automatic differentiation and ND4J's Adam. Trains a VAE on normal rows with ND4J SameDiff: loss =
 * mean negative ELBO, the expectation taken with one reparameterized sample per row; Adam on
 * shuffled minibatches; a validation split; KL warm-up (the KL weight ramps from 0 to 1 over the
 * first epochs); early stopping on validation loss, keeping the best epoch's weights. The reported
 * training loss is the full negative ELBO on a fixed sample of training rows after each epoch,
 * comparable with the validation loss. Everything random (initialisation, split, shuffling, noise)
 * comes from the configured seed, so the same rows and config give the same model.
 */
final class SameDiffTrainer {

  private final VaeConfig config;
  private final TrainingListener listener;

  SameDiffTrainer(VaeConfig config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
  }

  public TrainedVae train(InputLayout layout, float[][] rows) {
    validate(layout, rows);
    long start = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(config.seed());
    int[] order = permutation(rows.length, rnd);
    int nVal = Math.max(2, (int) Math.round(rows.length * config.validationFraction()));
    float[][] val = new float[nVal][];
    float[][] train = new float[rows.length - nVal][];
    for (int i = 0; i < rows.length; i++) {
      if (i < nVal) {
        val[i] = rows[order[i]];
      } else {
        train[i - nVal] = rows[order[i]];
      }
    }

    VaeWeights init = VaeWeights.initial(layout, config, rnd.nextLong());
    VaeGraph graph = VaeGraph.build(layout, config, init, DataType.FLOAT);
    SameDiff sd = graph.sameDiff();
    sd.setTrainingConfig(
        TrainingConfig.builder()
            .updater(new Adam(config.learningRate()))
            .dataSetFeatureMapping(VaeGraph.X, VaeGraph.EPS, VaeGraph.BETA)
            .markLabelsUnused()
            .minimize(VaeGraph.LOSS)
            .build());

    INDArray valX = Nd4j.create(val);
    INDArray valEps =
        Nd4j.create(NoiseTable.standardNormal(nVal, config.latentDim(), rnd.nextLong()));
    int nProbe = Math.min(train.length, Math.max(nVal, 1024));
    INDArray probeX = Nd4j.create(java.util.Arrays.copyOf(train, nProbe));
    INDArray probeEps =
        Nd4j.create(NoiseTable.standardNormal(nProbe, config.latentDim(), rnd.nextLong()));
    int stepsPerEpoch = (train.length + config.batchSize() - 1) / config.batchSize();
    RowBatches batches =
        new RowBatches(train, config.batchSize(), config.latentDim(), rnd.split(), this::klWeight);

    List<Double> trainLoss = new ArrayList<>();
    List<Double> valLoss = new ArrayList<>();
    Map<String, INDArray> best = snapshot(sd);
    int bestEpoch = 0;
    boolean stoppedEarly = false;
    for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
      batches.startEpoch(epoch, stepsPerEpoch);
      if (epoch == 0) {
        QuietStdout.call(() -> sd.fit(batches, 1));
      } else {
        sd.fit(batches, 1);
      }
      double tl = graph.run(probeX, probeEps, 1.0, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
      double vl = graph.run(valX, valEps, 1.0, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
      if (!Double.isFinite(vl)) {
        throw new IllegalStateException(
            "Training diverged at epoch "
                + (epoch + 1)
                + " (validation loss "
                + vl
                + "); lower"
                + " model.learning-rate (now "
                + config.learningRate()
                + ") or check the input scaling");
      }
      trainLoss.add(tl);
      valLoss.add(vl);
      listener.epochFinished(epoch + 1, config.maxEpochs(), tl, vl);
      if (vl < valLoss.get(bestEpoch) || epoch == 0) {
        bestEpoch = epoch;
        best = snapshot(sd);
      } else if (epoch >= config.klWarmupEpochs() && epoch - bestEpoch >= config.patience()) {
        stoppedEarly = true;
        break;
      }
    }
    restore(sd, best);
    VaeModel model = new VaeModel(layout, config, graph.weights(), null);
    TrainingReport report =
        new TrainingReport(
            train.length,
            nVal,
            trainLoss,
            valLoss,
            bestEpoch,
            stoppedEarly,
            (System.nanoTime() - start) / 1_000_000);
    return new TrainedVae(model, report, val);
  }

  /** KL weight at a training step: linear from 0 to 1 over the warm-up epochs. */
  double klWeight(int epoch, int step, int stepsPerEpoch) {
    if (config.klWarmupEpochs() == 0) {
      return 1.0;
    }
    double progress = (epoch + (step + 1.0) / stepsPerEpoch) / config.klWarmupEpochs();
    return Math.min(1.0, progress);
  }

  private void validate(InputLayout layout, float[][] rows) {
    int minRows = 10;
    if (rows.length < minRows) {
      throw new IllegalArgumentException(
          "Cannot train on " + rows.length + " rows: need at least " + minRows + " normal rows");
    }
    int width = layout.width();
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != width) {
        throw new IllegalArgumentException(
            "Row " + r + " has " + rows[r].length + " columns; the layout has " + width);
      }
      for (int c = 0; c < width; c++) {
        if (!Float.isFinite(rows[r][c])) {
          throw new IllegalArgumentException(
              "Row " + r + " column " + c + " is " + rows[r][c] + "; training needs finite values");
        }
      }
    }
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static Map<String, INDArray> snapshot(SameDiff sd) {
    Map<String, INDArray> m = new HashMap<>();
    sd.variables().stream()
        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
        .forEach(v -> m.put(v.name(), v.getArr().dup()));
    return m;
  }

  private static void restore(SameDiff sd, Map<String, INDArray> weights) {
    weights.forEach((name, arr) -> sd.getVariable(name).getArr().assign(arr));
  }
}
