package io.varanus.engine.eval;

import java.util.Map;

/**
 * How much of the normal events' ranking is lost to ties: ties at the top mean events that no
 * threshold can tell apart, which is what a saturated score (one feature swamping the rest) looks
 * like.
 *
 * @param normalAtMax normal events with the highest normal score, when at least two share it (0
 *     when the highest is unique)
 * @param largestTie the largest number of normal events sharing any one score (0 when all differ)
 * @param largestTieScore that score (NaN when all differ)
 * @param normals how many normal events were measured
 */
public record ScoreTies(int normalAtMax, int largestTie, double largestTieScore, int normals) {

  /** Ties among the normal ({@code !anomalous}) scores. */
  public static ScoreTies of(double[] scores, boolean[] anomalous) {
    int normals = 0;
    for (boolean a : anomalous) {
      normals += a ? 0 : 1;
    }
    double[] normal = new double[normals];
    int k = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!anomalous[i]) {
        normal[k++] = scores[i];
      }
    }
    java.util.Arrays.sort(normal);
    int largest = 0;
    double largestScore = Double.NaN;
    int atMax = 0;
    for (int i = 0; i < normals; ) {
      int j = i;
      while (j < normals && Double.compare(normal[j], normal[i]) == 0) {
        j++;
      }
      int run = j - i;
      if (run >= 2 && run > largest) {
        largest = run;
        largestScore = normal[i];
      }
      if (j == normals && run >= 2) {
        atMax = run;
      }
      i = j;
    }
    return new ScoreTies(atMax, largest, largestScore, normals);
  }

  /** Share of the normal events tied at the highest normal score. */
  public double normalAtMaxShare() {
    return normals == 0 ? Double.NaN : normalAtMax / (double) normals;
  }

  /** Share of the normal events in the largest tie. */
  public double largestTieShare() {
    return normals == 0 ? Double.NaN : largestTie / (double) normals;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> j = new java.util.LinkedHashMap<>();
    j.put("normal_tied_at_max", normalAtMax);
    j.put("normal_tied_at_max_share", normalAtMaxShare());
    j.put("largest_normal_tie", largestTie);
    j.put("largest_normal_tie_share", largestTieShare());
    j.put("largest_normal_tie_score", Double.isNaN(largestTieScore) ? null : largestTieScore);
    return j;
  }
}
