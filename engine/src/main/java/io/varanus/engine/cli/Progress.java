package io.varanus.engine.cli;

import io.varanus.models.vae.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress: a progress bar with epoch, loss and validation loss on a terminal; one quiet
 * line per epoch otherwise.
 */
final class Progress implements TrainingListener, AutoCloseable {

  private final PrintStream log;
  private final boolean terminal;
  private ProgressBar bar;

  Progress(PrintStream log) {
    this.log = log;
    this.terminal = System.console() != null && System.getenv("VARANUS_NO_PROGRESS") == null;
  }

  @Override
  public void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
    if (terminal) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("training")
                .setInitialMax(maxEpochs)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" epochs", 1)
                .build();
      }
      bar.stepTo(epoch);
      bar.setExtraMessage(String.format(" loss %.4f  val %.4f", trainLoss, validationLoss));
    } else {
      log.printf(
          "epoch %d/%d loss %.4f val_loss %.4f%n", epoch, maxEpochs, trainLoss, validationLoss);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
