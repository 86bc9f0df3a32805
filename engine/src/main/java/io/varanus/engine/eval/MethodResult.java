package io.varanus.engine.eval;

import java.util.Map;

/**
 * One detector's quality on a labelled set: the metrics of {@code metrics.json} plus precision,
 * recall and F1 at its threshold, recall per class at that threshold, and the ties among normal
 * scores.
 */
public record MethodResult(
    String name,
    double auroc,
    double auprc,
    double recallAtFpr0001,
    double recallAtFpr001,
    double threshold,
    DetectionMetrics.ThresholdStats atThreshold,
    Map<String, Double> perClass,
    ScoreTies ties) {

  /** Measures {@code scores}; {@code m} must be the metrics of the same scores and labels. */
  public static MethodResult of(
      String name,
      DetectionMetrics m,
      double[] scores,
      boolean[] anomalous,
      String[] classes,
      double threshold) {
    Map<String, int[]> counts = new java.util.TreeMap<>();
    for (int i = 0; i < scores.length; i++) {
      if (anomalous[i]) {
        String c = classes[i] == null ? "attack" : classes[i];
        int[] n = counts.computeIfAbsent(c, k -> new int[2]);
        n[0]++;
        n[1] += scores[i] > threshold ? 1 : 0;
      }
    }
    Map<String, Double> perClass = new java.util.TreeMap<>();
    counts.forEach((c, n) -> perClass.put(c, n[1] / (double) n[0]));
    return new MethodResult(
        name,
        m.auroc(),
        m.auprc(),
        m.recallAtFpr(0.001),
        m.recallAtFpr(0.01),
        threshold,
        m.at(threshold),
        perClass,
        ScoreTies.of(scores, anomalous));
  }

  /** The keys of metrics.json. */
  public Map<String, Object> toJson() {
    Map<String, Object> j = new java.util.LinkedHashMap<>();
    j.put("auroc", auroc);
    j.put("auprc", auprc);
    j.put("recall_at_fpr_0_001", recallAtFpr0001);
    j.put("recall_at_fpr_0_01", recallAtFpr001);
    j.put("threshold", threshold);
    j.put("precision", atThreshold.precision());
    j.put("recall", atThreshold.recall());
    j.put("f1", atThreshold.f1());
    j.put("false_positive_rate", atThreshold.falsePositiveRate());
    j.put("per_class", perClass);
    j.put("ties", ties.toJson());
    return j;
  }
}
