package io.varanus.engine.retrain;

import io.varanus.engine.offline.Reservoir;
import java.util.Comparator;
import java.util.List;

/** A held-back event: its index in the window and the current model's score. */
record Held(long index, double score) {

  /** The sampled events' indexes, ascending. */
  static long[] indexes(Reservoir<Held> sample) {
    return sorted(sample).stream().mapToLong(Held::index).toArray();
  }

  /** The current model's scores of both samples, in the order of their indexes. */
  static double[] scoresOf(Reservoir<Held> a, Reservoir<Held> b) {
    return java.util.stream.Stream.concat(a.items().stream(), b.items().stream())
        .sorted(Comparator.comparingLong(Held::index))
        .mapToDouble(Held::score)
        .toArray();
  }

  /** The current model's scores, in the order of {@link #indexes}. */
  static double[] scores(Reservoir<Held> sample) {
    return sorted(sample).stream().mapToDouble(Held::score).toArray();
  }

  private static List<Held> sorted(Reservoir<Held> sample) {
    return sample.items().stream().sorted(Comparator.comparingLong(Held::index)).toList();
  }
}
