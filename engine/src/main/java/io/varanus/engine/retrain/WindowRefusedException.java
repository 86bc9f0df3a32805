package io.varanus.engine.retrain;

/**
 * The window cannot give a candidate at all (the current model graded nearly all of it as suspected
 * attacks, say); like a refusal by the gate, nothing is promoted.
 */
public final class WindowRefusedException extends RuntimeException {
  public WindowRefusedException(String message) {
    super(message);
  }
}
