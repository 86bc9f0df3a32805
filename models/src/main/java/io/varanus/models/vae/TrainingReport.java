package io.varanus.models.vae;

import java.util.List;

/**
 * What training did: rows used, per-epoch mean training loss and validation loss (negative ELBO
 * with full KL weight), the epoch whose weights were kept, and whether early stopping ended it.
 */
public record TrainingReport(
    int trainRows,
    int validationRows,
    List<Double> trainLoss,
    List<Double> validationLoss,
    int bestEpoch,
    boolean stoppedEarly,
    long millis) {

  public TrainingReport {
    trainLoss = List.copyOf(trainLoss);
    validationLoss = List.copyOf(validationLoss);
  }

  public double bestValidationLoss() {
    return validationLoss.get(bestEpoch);
  }
}
