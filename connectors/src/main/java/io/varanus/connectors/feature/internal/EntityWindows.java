package io.varanus.connectors.feature.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sliding-window counters per entity in bounded memory. The window of {@code length} ms is split
 * into {@code buckets} time buckets, so it slides in steps of length / buckets. Entities idle for a
 * whole window are evicted as the stream advances, and at most {@code maxEntities} are held, the
 * least recently seen evicted first. Distinct values are tracked by 64-bit hash, at most {@code
 * maxDistinct} per entity and field. Runtime state only: it is rebuilt from the stream after a
 * restart. Not thread-safe.
 */
public final class EntityWindows {

  private final long length;
  private final long bucketMillis;
  private final int buckets;
  private final int distinctFields;
  private final int maxDistinct;
  private final LinkedHashMap<String, EntityWindow> entities;

  public EntityWindows(
      long lengthMillis, int buckets, int maxEntities, int distinctFields, int maxDistinct) {
    this.length = lengthMillis;
    this.buckets = buckets;
    this.bucketMillis = Math.max(1, lengthMillis / buckets);
    this.distinctFields = distinctFields;
    this.maxDistinct = maxDistinct;
    this.entities =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, EntityWindow> eldest) {
            return size() > maxEntities;
          }
        };
  }

  /**
   * Records an event of {@code key} at {@code time} and returns its window. {@code distinct[i]} is
   * the value of the i-th distinct field (null when missing). The returned window is valid until
   * the next call.
   */
  public EntityWindow record(String key, long time, boolean failure, String[] distinct) {
    evictIdle(time);
    EntityWindow w = entities.get(key);
    if (w == null) {
      w = new EntityWindow(buckets, distinctFields);
      entities.put(key, w);
    }
    w.add(time, Math.floorDiv(time, bucketMillis), failure);
    for (int i = 0; i < distinctFields; i++) {
      if (distinct[i] != null) {
        w.distinct[i].add(Murmur3.hash64(distinct[i]), time, time - length, maxDistinct);
      }
    }
    return w;
  }

  /** Entities currently held. */
  public int size() {
    return entities.size();
  }

  private void evictIdle(long now) {
    Iterator<EntityWindow> it = entities.values().iterator();
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      if (it.next().lastSeen <= now - length) {
        it.remove();
      } else {
        return;
      }
    }
  }

  /** The counters of one entity. */
  public static final class EntityWindow {
    private final int[] counts;
    private final int[] failures;
    private final DistinctValues[] distinct;
    private long head = Long.MIN_VALUE;
    private long lastSeen = Long.MIN_VALUE;

    EntityWindow(int buckets, int distinctFields) {
      counts = new int[buckets];
      failures = new int[buckets];
      distinct = new DistinctValues[distinctFields];
      for (int i = 0; i < distinctFields; i++) {
        distinct[i] = new DistinctValues();
      }
    }

    void add(long time, long bucket, boolean failure) {
      int n = counts.length;
      if (head == Long.MIN_VALUE || bucket - head >= n) {
        java.util.Arrays.fill(counts, 0);
        java.util.Arrays.fill(failures, 0);
        head = bucket;
      } else {
        for (long b = head + 1; b <= bucket; b++) {
          counts[Math.floorMod(b, n)] = 0;
          failures[Math.floorMod(b, n)] = 0;
        }
        head = Math.max(head, bucket);
      }
      int slot = Math.floorMod(Math.max(bucket, head - n + 1), n);
      counts[slot]++;
      if (failure) {
        failures[slot]++;
      }
      lastSeen = Math.max(lastSeen, time);
    }

    /** Events in the window, this one included. */
    public long count() {
      long c = 0;
      for (int x : counts) {
        c += x;
      }
      return c;
    }

    /** Share of failed events in the window. */
    public double failureRatio() {
      long f = 0;
      for (int x : failures) {
        f += x;
      }
      long c = count();
      return c == 0 ? 0 : (double) f / c;
    }

    /** Distinct values of the i-th distinct field in the window, at most max-distinct. */
    public int distinct(int field) {
      return distinct[field].size;
    }
  }
}
