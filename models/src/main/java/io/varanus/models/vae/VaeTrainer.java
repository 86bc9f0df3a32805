package io.varanus.models.vae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a VAE on normal rows: loss = mean negative ELBO, the expectation taken with one
 * reparameterized sample per row; Adam on shuffled minibatches; a validation split; KL warm-up (the
 * KL weight ramps from 0 to 1 over the first epochs); early stopping on validation loss, keeping
 * the best epoch's weights. The reported training loss is the full negative ELBO on a fixed sample
 * of training rows after each epoch, comparable with the validation loss. Everything random
 * (initialisation, split, shuffling, noise) comes from the configured seed, so the same rows and
 * config give the same model, bit for bit, on any machine count of cores and with or without the
 * vector module.
 *
 * <p>The gradient pass runs on the scorer's plain-Java kernels ({@link ElboPass}); the SameDiff
 * graph ({@code VaeGraph}) is the reference its gradients are tested against. SameDiff's own
 * training loop was 5x slower than PyTorch on this network (docs/BENCHMARKS.md).
 */
public final class VaeTrainer {

  private final VaeConfig config;
  private final TrainingListener listener;

  public VaeTrainer(VaeConfig config, TrainingListener listener) {
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

    VaeParameters params = VaeParameters.of(VaeWeights.initial(layout, config, rnd.nextLong()));
    int latent = config.latentDim();
    float[][] valEps = NoiseTable.standardNormal(nVal, latent, rnd.nextLong());
    int nProbe = Math.min(train.length, Math.max(nVal, 1024));
    float[][] probe = Arrays.copyOf(train, nProbe);
    float[][] probeEps = NoiseTable.standardNormal(nProbe, latent, rnd.nextLong());
    SplittableRandom shuffle = rnd.split();
    ElboPass pass = new ElboPass(layout, config, Math.min(config.batchSize(), train.length));
    VaeParameters grad = params.zeros();
    AdamOptimizer adam = new AdamOptimizer(params, config.learningRate());
    int steps = (train.length + config.batchSize() - 1) / config.batchSize();

    List<Double> trainLoss = new ArrayList<>();
    List<Double> valLoss = new ArrayList<>();
    VaeParameters best = params.copy();
    int bestEpoch = 0;
    boolean stoppedEarly = false;
    for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
      int[] batchOrder = permutation(train.length, shuffle);
      for (int step = 0; step < steps; step++) {
        int from = step * config.batchSize();
        int n = Math.min(config.batchSize(), train.length - from);
        float[][] noise = NoiseTable.standardNormal(n, latent, shuffle.nextLong());
        DenseLayer[] net = forwardLayers(params);
        pass.forward(
            net, params.raw, train, batchOrder, from, n, noise, klWeight(epoch, step, steps), true);
        pass.backward(params, grad);
        adam.step(params, grad);
      }
      DenseLayer[] net = forwardLayers(params);
      double tl = meanLoss(pass, net, params.raw, probe, probeEps);
      double vl = meanLoss(pass, net, params.raw, val, valEps);
      if (!Double.isFinite(vl)) {
        throw new IllegalStateException(
            "Training diverged at epoch "
                + (epoch + 1)
                + " (validation loss "
                + vl
                + "); lower model.learning-rate (now "
                + config.learningRate()
                + ") or check the input scaling");
      }
      trainLoss.add(tl);
      valLoss.add(vl);
      listener.epochFinished(epoch + 1, config.maxEpochs(), tl, vl);
      if (vl < valLoss.get(bestEpoch) || epoch == 0) {
        bestEpoch = epoch;
        best.assign(params);
      } else if (epoch >= config.klWarmupEpochs() && epoch - bestEpoch >= config.patience()) {
        stoppedEarly = true;
        break;
      }
    }
    VaeModel model =
        new VaeModel(layout, config, best.toWeights(config.encoderHidden().size()), null);
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

  private static DenseLayer[] forwardLayers(VaeParameters params) {
    DenseLayer[] net = new DenseLayer[params.layerCount()];
    for (int i = 0; i < net.length; i++) {
      net[i] = params.layer(i);
    }
    return net;
  }

  /** Mean negative ELBO (full KL weight) of {@code rows} with the fixed noise {@code eps}. */
  private static double meanLoss(
      ElboPass pass, DenseLayer[] net, float[] raw, float[][] rows, float[][] eps) {
    double sum = 0;
    int chunk = pass.capacity();
    for (int from = 0; from < rows.length; from += chunk) {
      int n = Math.min(chunk, rows.length - from);
      float[][] noise = Arrays.copyOfRange(eps, from, from + n);
      sum += pass.forward(net, raw, rows, null, from, n, noise, 1.0, false);
    }
    return sum / rows.length;
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
}
