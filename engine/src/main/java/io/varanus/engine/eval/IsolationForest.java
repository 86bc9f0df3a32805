package io.varanus.engine.eval;

import java.util.SplittableRandom;

/**
 * Isolation Forest (Liu, Ting and Zhou, ICDM 2008), the baseline Varanus reports next to the VAE:
 * {@code trees} isolation trees, each grown on a sub-sample of {@code sampleSize} rows to a height
 * limit of ceil(log2(sampleSize)), splitting on a random feature (among those not constant in the
 * node) at a uniform random value between its minimum and maximum. The score is 2^(-E[h(x)] /
 * c(sampleSize)), where h is the path length plus c(n) for the n rows left in the external node.
 */
public final class IsolationForest {

  private static final double EULER = 0.5772156649015329;

  private final Node[] trees;
  private final double normalizer;

  private IsolationForest(Node[] trees, int sampleSize) {
    this.trees = trees;
    this.normalizer = averagePathLength(sampleSize);
  }

  /** Fits on {@code rows} (normal traffic); everything random comes from {@code seed}. */
  public static IsolationForest fit(float[][] rows, int trees, int sampleSize, long seed) {
    if (rows.length < 2) {
      throw new IllegalArgumentException(
          "Isolation Forest needs at least 2 rows, got " + rows.length);
    }
    int psi = Math.min(sampleSize, rows.length);
    int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
    SplittableRandom rnd = new SplittableRandom(seed);
    Node[] forest = new Node[trees];
    for (int t = 0; t < trees; t++) {
      float[][] sample = sample(rows, psi, rnd);
      forest[t] = grow(sample, 0, sample.length, 0, heightLimit, rnd);
    }
    return new IsolationForest(forest, psi);
  }

  public static IsolationForest fit(float[][] rows, long seed) {
    return fit(rows, 100, 256, seed);
  }

  /** Anomaly score in (0, 1]; higher is more anomalous. */
  public double score(float[] x) {
    double sum = 0;
    for (Node t : trees) {
      sum += pathLength(t, x, 0);
    }
    return Math.pow(2, -(sum / trees.length) / normalizer);
  }

  /** c(n): the average path length of an unsuccessful search in a binary search tree of n keys. */
  static double averagePathLength(int n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    double harmonic = Math.log(n - 1.0) + EULER;
    return 2 * harmonic - 2.0 * (n - 1) / n;
  }

  private static double pathLength(Node node, float[] x, int depth) {
    while (node.feature >= 0) {
      node = x[node.feature] < node.split ? node.left : node.right;
      depth++;
    }
    return depth + averagePathLength(node.size);
  }

  private static float[][] sample(float[][] rows, int n, SplittableRandom rnd) {
    int[] idx = new int[rows.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      int j = i + rnd.nextInt(rows.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      out[i] = rows[idx[i]];
    }
    return out;
  }

  /** Grows a tree over rows[from, to), partitioning the array in place. */
  private static Node grow(
      float[][] rows, int from, int to, int depth, int limit, SplittableRandom rnd) {
    int n = to - from;
    if (depth >= limit || n <= 1) {
      return Node.leaf(n);
    }
    int width = rows[from].length;
    float[] min = new float[width];
    float[] max = new float[width];
    int candidates = 0;
    for (int f = 0; f < width; f++) {
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, rows[i][f]);
        hi = Math.max(hi, rows[i][f]);
      }
      min[f] = lo;
      max[f] = hi;
      candidates += hi > lo ? 1 : 0;
    }
    if (candidates == 0) {
      return Node.leaf(n);
    }
    int pick = rnd.nextInt(candidates);
    int feature = -1;
    for (int f = 0; f < width; f++) {
      if (max[f] > min[f] && pick-- == 0) {
        feature = f;
        break;
      }
    }
    float split = (float) (min[feature] + rnd.nextDouble() * (max[feature] - min[feature]));
    if (split <= min[feature]) {
      split = Math.nextUp(min[feature]);
    }
    int mid = from;
    for (int i = from; i < to; i++) {
      if (rows[i][feature] < split) {
        float[] t = rows[mid];
        rows[mid] = rows[i];
        rows[i] = t;
        mid++;
      }
    }
    Node left = grow(rows, from, mid, depth + 1, limit, rnd);
    Node right = grow(rows, mid, to, depth + 1, limit, rnd);
    return new Node(feature, split, left, right, n);
  }

  private record Node(int feature, float split, Node left, Node right, int size) {
    static Node leaf(int size) {
      return new Node(-1, 0f, null, null, size);
    }
  }
}
