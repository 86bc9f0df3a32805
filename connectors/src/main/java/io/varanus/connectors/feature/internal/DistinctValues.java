package io.varanus.connectors.feature.internal;

/**
 * Distinct value hashes with their last-seen time, at most a fixed number: when full, the value
 * seen longest ago is replaced, so the count saturates at the cap instead of growing.
 */
final class DistinctValues {

  private long[] hashes = new long[2];
  private long[] seen = new long[2];
  int size;

  void add(long hash, long time, long expiredAtOrBefore, int cap) {
    int oldest = -1;
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash) {
        seen[i] = Math.max(seen[i], time);
        return;
      }
      if (seen[i] <= expiredAtOrBefore) {
        removeAt(i--);
      } else if (oldest < 0 || seen[i] < seen[oldest]) {
        oldest = i;
      }
    }
    if (size == cap) {
      hashes[oldest] = hash;
      seen[oldest] = time;
      return;
    }
    if (size == hashes.length) {
      int n = Math.min(cap, size * 2);
      hashes = java.util.Arrays.copyOf(hashes, n);
      seen = java.util.Arrays.copyOf(seen, n);
    }
    hashes[size] = hash;
    seen[size++] = time;
  }

  private void removeAt(int i) {
    size--;
    hashes[i] = hashes[size];
    seen[i] = seen[size];
  }
}
