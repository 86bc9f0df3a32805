package io.varanus.models.vae;

import java.util.List;

/**
 * Hyper-parameters of the VAE and its training. Validated on construction; use {@link #defaults()}
 * and the {@code with*} methods to derive variants.
 *
 * @param encoderHidden hidden layer sizes of the encoder; the decoder mirrors them
 * @param latentDim dimension of z
 * @param learningRate Adam step size
 * @param batchSize minibatch size
 * @param maxEpochs upper bound on training epochs
 * @param patience epochs without validation improvement before early stopping
 * @param validationFraction share of the training rows held out for validation and calibration
 * @param klWarmupEpochs epochs over which the KL weight ramps linearly from 0 to 1 (0 = no warm-up)
 * @param minVariance lower bound of each continuous feature's variance, so a constant column cannot
 *     give an infinite likelihood
 * @param scoreSamples L, the number of Monte Carlo samples of z averaged per score
 * @param seed seed of weight initialisation, shuffling, training noise and scoring noise
 */
public record VaeConfig(
    List<Integer> encoderHidden,
    int latentDim,
    double learningRate,
    int batchSize,
    int maxEpochs,
    int patience,
    double validationFraction,
    int klWarmupEpochs,
    double minVariance,
    int scoreSamples,
    long seed) {

  public VaeConfig {
    encoderHidden = List.copyOf(encoderHidden);
    if (encoderHidden.isEmpty()) {
      throw invalid("encoder-hidden", encoderHidden, "must name at least one layer size");
    }
    for (int h : encoderHidden) {
      if (h < 1) {
        throw invalid("encoder-hidden", encoderHidden, "every size must be >= 1");
      }
    }
    requireAtLeast("latent-dim", latentDim, 1);
    if (!(learningRate > 0 && learningRate < 1)) {
      throw invalid("learning-rate", learningRate, "must be in (0, 1)");
    }
    requireAtLeast("batch-size", batchSize, 1);
    requireAtLeast("max-epochs", maxEpochs, 1);
    requireAtLeast("patience", patience, 1);
    if (!(validationFraction > 0 && validationFraction < 0.9)) {
      throw invalid("validation-fraction", validationFraction, "must be in (0, 0.9)");
    }
    requireAtLeast("kl-warmup-epochs", klWarmupEpochs, 0);
    if (!(minVariance > 0 && minVariance <= 1)) {
      throw invalid("min-variance", minVariance, "must be in (0, 1]");
    }
    requireAtLeast("score-samples", scoreSamples, 1);
  }

  /**
   * Defaults for standardized security-log features. At most 1000 epochs: a safety cap, not a
   * budget; early stopping ends training first on every shipped example (NSL-KDD after 62 epochs,
   * BGL's 943 lines after 453; docs/BENCHMARKS.md). L = 16: the Monte Carlo standard error of the
   * reconstruction term falls as 1/sqrt(L); at 16 it is a quarter of a single sample's, small
   * against the spread of normal scores, while scoring cost grows linearly with L (the encoder and
   * KL are computed once per row).
   */
  public static VaeConfig defaults() {
    return new VaeConfig(List.of(64), 8, 3e-3, 256, 1000, 8, 0.2, 5, 1e-3, 16, 42L);
  }

  public VaeConfig withHidden(List<Integer> hidden, int latent) {
    return new VaeConfig(
        hidden,
        latent,
        learningRate,
        batchSize,
        maxEpochs,
        patience,
        validationFraction,
        klWarmupEpochs,
        minVariance,
        scoreSamples,
        seed);
  }

  public VaeConfig withTraining(int batch, int epochs, int patienceEpochs, int warmupEpochs) {
    return new VaeConfig(
        encoderHidden,
        latentDim,
        learningRate,
        batch,
        epochs,
        patienceEpochs,
        validationFraction,
        warmupEpochs,
        minVariance,
        scoreSamples,
        seed);
  }

  public VaeConfig withLearningRate(double lr) {
    return new VaeConfig(
        encoderHidden,
        latentDim,
        lr,
        batchSize,
        maxEpochs,
        patience,
        validationFraction,
        klWarmupEpochs,
        minVariance,
        scoreSamples,
        seed);
  }

  public VaeConfig withScoreSamples(int samples) {
    return new VaeConfig(
        encoderHidden,
        latentDim,
        learningRate,
        batchSize,
        maxEpochs,
        patience,
        validationFraction,
        klWarmupEpochs,
        minVariance,
        samples,
        seed);
  }

  public VaeConfig withSeed(long newSeed) {
    return new VaeConfig(
        encoderHidden,
        latentDim,
        learningRate,
        batchSize,
        maxEpochs,
        patience,
        validationFraction,
        klWarmupEpochs,
        minVariance,
        scoreSamples,
        newSeed);
  }

  /** The decoder's hidden sizes: the encoder's, reversed. */
  public List<Integer> decoderHidden() {
    List<Integer> d = new java.util.ArrayList<>(encoderHidden);
    java.util.Collections.reverse(d);
    return List.copyOf(d);
  }

  private static void requireAtLeast(String key, int value, int min) {
    if (value < min) {
      throw invalid(key, value, "must be >= " + min);
    }
  }

  private static IllegalArgumentException invalid(String key, Object value, String rule) {
    return new IllegalArgumentException(
        "Invalid value " + value + " for configuration model." + key + ": " + rule);
  }
}
