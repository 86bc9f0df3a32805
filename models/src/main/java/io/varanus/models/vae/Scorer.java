package io.varanus.models.vae;

/** Scores rows of a fixed input layout. Implementations are thread-safe. */
public interface Scorer {

  /** Scores every row of the batch; each row's score does not depend on the others. */
  Score[] score(float[][] rows);

  /**
   * Scores every row of the batch for a caller that acts only on rows scoring above {@code
   * decideAt}: those get exactly the score of {@link #score(float[][])}; rows clearly below it may
   * get a cheaper estimate of it. This default scores every row in full.
   */
  default Score[] score(float[][] rows, double decideAt) {
    return score(rows);
  }

  default Score score(float[] row) {
    return score(new float[][] {row})[0];
  }
}
