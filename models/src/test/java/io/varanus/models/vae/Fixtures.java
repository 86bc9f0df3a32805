package io.varanus.models.vae;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Small layouts, weights and synthetic data shared by the model tests. */
final class Fixtures {

  private Fixtures() {}

  /** Two continuous columns and a categorical group of three. */
  static InputLayout tinyLayout() {
    return InputLayout.of(
        new InputLayout.Continuous("a"),
        new InputLayout.Categorical("proto", 3),
        new InputLayout.Continuous("b"));
  }

  static VaeConfig tinyConfig() {
    return VaeConfig.defaults().withHidden(List.of(3), 2);
  }

  /** Initial weights with non-zero biases, so every parameter matters. */
  static VaeWeights randomWeights(InputLayout layout, VaeConfig config, long seed) {
    VaeWeights w = VaeWeights.initial(layout, config, seed);
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    List<DenseLayer> enc = w.encoder().stream().map(l -> withBias(l, rnd)).toList();
    List<DenseLayer> dec = w.decoder().stream().map(l -> withBias(l, rnd)).toList();
    float[] raw = w.rawVariance();
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return new VaeWeights(
        enc, withBias(w.mu(), rnd), withBias(w.logVar(), rnd), dec, withBias(w.output(), rnd), raw);
  }

  private static DenseLayer withBias(DenseLayer l, SplittableRandom rnd) {
    float[] b = new float[l.out()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return new DenseLayer(l.in(), l.out(), l.w(), b);
  }

  /** Rows of the tiny layout: random continuous values and a random one-hot category. */
  static float[][] tinyRows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] rows = new float[n][5];
    for (float[] r : rows) {
      r[0] = (float) (rnd.nextDouble() * 2 - 1);
      r[1 + rnd.nextInt(3)] = 1f;
      r[4] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return rows;
  }

  /**
   * Normal traffic for the quality test: four clusters named by a protocol group, each with its own
   * means for six continuous columns that three latent factors correlate, and a flag group that
   * follows the third factor.
   */
  static final class Synthetic {
    static final InputLayout LAYOUT =
        InputLayout.of(
            new InputLayout.Continuous("c0"),
            new InputLayout.Continuous("c1"),
            new InputLayout.Continuous("c2"),
            new InputLayout.Continuous("c3"),
            new InputLayout.Continuous("c4"),
            new InputLayout.Continuous("c5"),
            new InputLayout.Categorical("proto", 4),
            new InputLayout.Categorical("flag", 3));
    static final int WIDTH = 13;
    private static final double[][] MIX = {
      {1.0, 0.5, 0.0},
      {0.8, -0.6, 0.2},
      {0.0, 1.0, 0.5},
      {-0.7, 0.3, 0.9},
      {0.4, 0.4, -0.8},
      {0.2, -0.9, 0.6}
    };

    private static final double[][] CENTER = {
      {2, 0, 0, -1, 0, 1}, {-2, 1, 0, 0, 1, -1}, {0, -2, 2, 0, -1, 0}, {0, 1, -2, 2, 0, 0}
    };

    static float[][] normal(int n, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = row(rnd.nextInt(4), gauss(rnd), gauss(rnd), gauss(rnd), rnd);
      }
      return rows;
    }

    /** A row of cluster {@code k}: the protocol names the cluster, which sets the means. */
    private static float[] row(int k, double f0, double f1, double f2, SplittableRandom rnd) {
      float[] r = new float[WIDTH];
      double[] f = {f0, f1, f2};
      for (int c = 0; c < 6; c++) {
        double v = CENTER[k][c];
        for (int j = 0; j < 3; j++) {
          v += 0.5 * MIX[c][j] * f[j];
        }
        r[c] = (float) (v + 0.1 * gauss(rnd));
      }
      r[6 + k] = 1f;
      int flag = f2 > 0.5 ? 2 : (f2 > -0.5 ? 1 : 0);
      r[10 + flag] = 1f;
      return r;
    }

    /** Anomalies of three kinds, in turn: shifted values, broken correlations, unseen combos. */
    static float[][] anomalies(int n, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[][] base = normal(2 * n, seed + 7);
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        float[] r = base[i].clone();
        switch (i % 3) {
          case 0 -> r[rnd.nextInt(6)] += (float) (rnd.nextBoolean() ? 5 : -5);
          case 1 -> {
            float[] other = base[n + i];
            r[0] = other[0];
            r[1] = other[1];
            r[3] = -r[3];
          }
          default -> {
            int proto = indexOf(r, 6, 4);
            Arrays.fill(r, 6, 10, 0f);
            r[6 + (proto + 1) % 4] = 1f;
          }
        }
        rows[i] = r;
      }
      return rows;
    }

    private static int indexOf(float[] r, int from, int width) {
      for (int j = 0; j < width; j++) {
        if (r[from + j] == 1f) {
          return j;
        }
      }
      return -1;
    }

    private static double gauss(SplittableRandom rnd) {
      return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
          * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
  }

  /** Area under the ROC curve of anomaly scores (ties count half). */
  static double auroc(double[] normal, double[] anomalous) {
    double wins = 0;
    for (double a : anomalous) {
      for (double n : normal) {
        wins += a > n ? 1 : (a == n ? 0.5 : 0);
      }
    }
    return wins / ((double) normal.length * anomalous.length);
  }

  static double[] values(Score[] scores) {
    return Arrays.stream(scores).mapToDouble(Score::value).toArray();
  }
}
