package io.varanus.models.vae;

/**
 * Standard normal noise from a seed, by SplitMix64 and the Box-Muller transform: fully specified
 * here, so the same seed gives the same noise on every JVM and after save and load.
 */
public final class NoiseTable {

  private NoiseTable() {}

  /** A [rows][cols] table of independent N(0, 1) draws. */
  public static float[][] standardNormal(int rows, int cols, long seed) {
    float[][] t = new float[rows][cols];
    SplitMix g = new SplitMix(seed);
    for (float[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) g.nextGaussian();
      }
    }
    return t;
  }

  /** SplitMix64 (Steele, Lea and Flood, 2014) with Box-Muller normals. */
  static final class SplitMix {
    private long state;
    private double spare = Double.NaN;

    SplitMix(long seed) {
      this.state = seed;
    }

    long nextLong() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** Uniform in (0, 1]. */
    double nextUnit() {
      return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    double nextGaussian() {
      if (!Double.isNaN(spare)) {
        double s = spare;
        spare = Double.NaN;
        return s;
      }
      double r = Math.sqrt(-2 * Math.log(nextUnit()));
      double theta = 2 * Math.PI * nextUnit();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    }
  }
}
