package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.StringStatsFeatureSpec.Stat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Length, Shannon entropy and character-class ratios of a string, in one pass. Reuses a count
 * table, so it is not thread-safe.
 */
final class StringStats implements Extractor {

  private static final double[] C_LOG_C = new double[1024];

  static {
    for (int c = 1; c < C_LOG_C.length; c++) {
      C_LOG_C[c] = c * Math.log(c) / Math.log(2);
    }
  }

  private final String field;
  private final Stat[] stats;
  private final int firstSlot;
  private final int[] ascii = new int[256];
  private final Map<Character, int[]> wide = new HashMap<>();

  StringStats(String field, List<Stat> stats, int firstSlot) {
    this.field = field;
    this.stats = stats.toArray(new Stat[0]);
    this.firstSlot = firstSlot;
  }

  @Override
  public void extract(io.varanus.connectors.LogEvent event, long timeMillis, Scratch s) {
    String v = event.string(field);
    if (v == null) {
      v = "";
    }
    int n = v.length();
    int digits = 0;
    int upper = 0;
    int special = 0;
    int percent = 0;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (Character.isUpperCase(c)) {
        upper++;
      } else if (!Character.isLetter(c) && "/-_".indexOf(c) < 0) {
        special++;
      }
      if (c == '%' && i + 2 < n && isHex(v.charAt(i + 1)) && isHex(v.charAt(i + 2))) {
        percent += 3;
      }
      count(c);
    }
    double entropy = entropy(v);
    for (int k = 0; k < stats.length; k++) {
      s.num[firstSlot + k] =
          switch (stats[k]) {
            case LENGTH -> n;
            case ENTROPY -> entropy;
            case DIGITS -> ratio(digits, n);
            case UPPER -> ratio(upper, n);
            case SPECIAL -> ratio(special, n);
            case PERCENT -> ratio(percent, n);
          };
    }
  }

  private void count(char c) {
    if (c < 256) {
      ascii[c]++;
    } else {
      wide.computeIfAbsent(c, k -> new int[1])[0]++;
    }
  }

  /**
   * Shannon entropy in bits per character, as {@code log2 n - sum(c log2 c) / n} over character
   * counts c; clears the count table.
   */
  private double entropy(String v) {
    int n = v.length();
    if (n == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c < 256 && ascii[c] > 0) {
        sum += cLogC(ascii[c]);
        ascii[c] = 0;
      }
    }
    for (int[] k : wide.values()) {
      sum += cLogC(k[0]);
    }
    wide.clear();
    return Math.max(0, (cLogC(n) - sum) / n);
  }

  /** {@code c * log2(c)}, from a table for small counts. */
  private static double cLogC(int c) {
    return c < C_LOG_C.length ? C_LOG_C[c] : c * Math.log(c) / Math.log(2);
  }

  private static double ratio(int k, int n) {
    return n == 0 ? 0 : (double) k / n;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
