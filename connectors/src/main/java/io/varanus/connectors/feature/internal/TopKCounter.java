package io.varanus.connectors.feature.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts values in bounded memory: when more than {@code capacity} distinct values are held, the
 * less frequent half is dropped. Frequent values survive, so the top-k is exact whenever the
 * stream's distinct values fit and approximate beyond. Ties break by value, so results are
 * deterministic.
 */
public final class TopKCounter {

  private final int capacity;
  private final Map<String, long[]> counts = new HashMap<>();

  public TopKCounter(int capacity) {
    this.capacity = capacity;
  }

  public void add(String value) {
    long[] c = counts.get(value);
    if (c == null) {
      if (counts.size() >= capacity) {
        prune();
      }
      counts.put(value, new long[] {1});
    } else {
      c[0]++;
    }
  }

  /** The {@code k} most frequent values counted at least {@code minCount} times, most first. */
  public List<String> top(int k, long minCount) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) -> {
          int c = Long.compare(b.getValue()[0], a.getValue()[0]);
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    List<String> top = new ArrayList<>();
    for (Map.Entry<String, long[]> e : entries) {
      if (top.size() == k || e.getValue()[0] < minCount) {
        break;
      }
      top.add(e.getKey());
    }
    return top;
  }

  private void prune() {
    long[] all = counts.values().stream().mapToLong(c -> c[0]).toArray();
    Arrays.sort(all);
    long threshold = all[all.length / 2];
    counts.values().removeIf(c -> c[0] <= threshold);
  }
}
