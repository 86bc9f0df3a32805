package io.varanus.connectors.feature.internal;

/**
 * MurmurHash3 (x86, 32-bit) over the UTF-16 code units of a string, two units per 32-bit block.
 * Stable across JVMs and releases, unlike {@link String#hashCode()}, so hashed feature buckets and
 * saved states stay valid.
 */
public final class Murmur3 {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  public static int hash32(CharSequence s, int seed) {
    int h = seed;
    int n = s.length();
    int i = 0;
    for (; i + 1 < n; i += 2) {
      int k = s.charAt(i) | (s.charAt(i + 1) << 16);
      h = mixH(h, mixK(k));
    }
    if (i < n) {
      h ^= mixK(s.charAt(i));
    }
    return fmix(h ^ (n * 2));
  }

  /** Two independent 32-bit hashes combined; used where collisions must be rare. */
  public static long hash64(CharSequence s) {
    return ((long) hash32(s, 0x9747b28c) << 32) | (hash32(s, 0x5bd1e995) & 0xffffffffL);
  }

  /** The bucket in [0, buckets) of {@code s}. */
  public static int bucket(CharSequence s, int seed, int buckets) {
    return Math.floorMod(hash32(s, seed), buckets);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int mixH(int h, int k) {
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }

  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }
}
