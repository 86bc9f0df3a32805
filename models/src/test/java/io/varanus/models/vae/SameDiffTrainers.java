package io.varanus.models.vae;

/** Runs {@link SameDiffTrainer} from other test packages (the benchmark). */
public final class SameDiffTrainers {

  private SameDiffTrainers() {}

  public static TrainingReport train(VaeConfig config, InputLayout layout, float[][] rows) {
    return new SameDiffTrainer(config, TrainingListener.none()).train(layout, rows).report();
  }
}
