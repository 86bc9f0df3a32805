package io.varanus.engine.offline;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} rows from a stream of any length (Vitter's
 * algorithm R), so that memory stays bounded.
 */
public final class Reservoir {

  private final float[][] rows;
  private final SplittableRandom rnd;
  private long seen;

  public Reservoir(int capacity, SplittableRandom rnd) {
    this.rows = new float[capacity][];
    this.rnd = rnd;
  }

  public void add(float[] row) {
    if (seen < rows.length) {
      rows[(int) seen] = row;
    } else {
      long j = rnd.nextLong(seen + 1);
      if (j < rows.length) {
        rows[(int) j] = row;
      }
    }
    seen++;
  }

  public long seen() {
    return seen;
  }

  public float[][] rows() {
    return Arrays.copyOf(rows, (int) Math.min(seen, rows.length));
  }
}
