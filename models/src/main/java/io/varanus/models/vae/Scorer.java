package io.varanus.models.vae;

/** Scores rows of a fixed input layout. Implementations are thread-safe. */
public interface Scorer {

  /** Scores every row of the batch; each row's score does not depend on the others. */
  Score[] score(float[][] rows);

  default Score score(float[] row) {
    return score(new float[][] {row})[0];
  }
}
