package io.varanus.engine.cli;

import io.varanus.engine.retrain.RetrainListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of reading and training: on a terminal, a bar per pass over the input (records read, of
 * how many when known) and a bar with epoch, loss and validation loss; otherwise one quiet line per
 * finished pass and per epoch.
 */
final class Progress implements RetrainListener, AutoCloseable {

  private final PrintStream log;
  private final boolean terminal;
  private ProgressBar bar;
  private ProgressBar readBar;
  private String readPass;

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
  public void read(String pass, long records, long total) {
    if (!terminal) {
      return;
    }
    if (readBar == null || !pass.equals(readPass)) {
      closeReadBar();
      readPass = pass;
      readBar =
          new ProgressBarBuilder()
              .setTaskName(pass)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" records", 1)
              .build();
    }
    readBar.stepTo(records);
  }

  @Override
  public void passFinished(String pass) {
    if (terminal) {
      closeReadBar();
    } else {
      log.println(pass + ": done");
    }
  }

  private void closeReadBar() {
    if (readBar != null) {
      readBar.close();
      readBar = null;
    }
  }

  @Override
  public void close() {
    closeReadBar();
    if (bar != null) {
      bar.close();
    }
  }
}
