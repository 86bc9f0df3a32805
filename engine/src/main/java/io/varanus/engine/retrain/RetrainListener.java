package io.varanus.engine.retrain;

import io.varanus.models.vae.TrainingListener;

/** Told how reading the window and training progress: a progress bar or log lines. */
public interface RetrainListener extends TrainingListener {

  /**
   * Called every few thousand records of a pass over the window.
   *
   * @param pass what the pass does, e.g. "scoring window"
   * @param records records read so far in this pass
   * @param total records in the window, or -1 when not known in advance
   */
  void read(String pass, long records, long total);

  /** The pass is over. */
  default void passFinished(String pass) {}

  static RetrainListener none() {
    return new RetrainListener() {
      @Override
      public void read(String pass, long records, long total) {}

      @Override
      public void epochFinished(int epoch, int maxEpochs, double trainLoss, double valLoss) {}
    };
  }
}
