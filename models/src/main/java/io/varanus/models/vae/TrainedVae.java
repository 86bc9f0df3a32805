package io.varanus.models.vae;

/**
 * The result of training: the model (not yet calibrated), the report, and the held-out validation
 * rows, whose scores calibrate the threshold.
 */
public record TrainedVae(VaeModel model, TrainingReport report, float[][] validationRows) {}
