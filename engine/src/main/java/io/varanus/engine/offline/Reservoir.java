package io.varanus.engine.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} items from a stream of any length (Vitter's
 * algorithm R), so that memory stays bounded: training rows, or held-back events to compare.
 */
public final class Reservoir<T> {

  private final List<T> items;
  private final int capacity;
  private final SplittableRandom rnd;
  private long seen;

  public Reservoir(int capacity, SplittableRandom rnd) {
    this.items = new ArrayList<>(Math.min(capacity, 1 << 16));
    this.capacity = capacity;
    this.rnd = rnd;
  }

  public void add(T item) {
    if (seen < capacity) {
      items.add(item);
    } else {
      long j = rnd.nextLong(seen + 1);
      if (j < capacity) {
        items.set((int) j, item);
      }
    }
    seen++;
  }

  public long seen() {
    return seen;
  }

  /** The sample, at most {@code capacity} items, in no meaningful order. */
  public List<T> items() {
    return List.copyOf(items);
  }
}
