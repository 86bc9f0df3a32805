package io.varanus.models.vae;

/** Told after every epoch; a progress bar or a log line. */
@FunctionalInterface
public interface TrainingListener {

  void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss);

  static TrainingListener none() {
    return (e, m, t, v) -> {};
  }
}
