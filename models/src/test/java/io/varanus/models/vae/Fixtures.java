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
   * Normal traffic for the quality test: six continuous columns driven by three latent factors
   * (strong correlations), a protocol group whose value follows the sign of the first two factors,
   * and a flag group that follows the third.
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

    static float[][] normal(int n, long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = row(gauss(rnd), gauss(rnd), gauss(rnd), rnd);
      }
      return rows;
    }

    private static float[] row(double f0, double f1, double f2, SplittableRandom rnd) {
      float[] r = new float[WIDTH];
      double[] f = {f0, f1, f2};
      for (int c = 0; c < 6; c++) {
        double v = 0;
        for (int k = 0; k < 3; k++) {
          v += MIX[c][k] * f[k];
        }
        r[c] = (float) (v + 0.1 * gauss(rnd));
      }
      int proto = (f0 > 0 ? 2 : 0) + (f1 > 0 ? 1 : 0);
      r[6 + proto] = 1f;
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
            r[6 + (proto ^ 3)] = 1f;
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
