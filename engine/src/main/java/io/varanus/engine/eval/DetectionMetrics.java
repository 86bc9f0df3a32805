package io.varanus.engine.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Detection quality of anomaly scores against labels: AUROC, AUPRC (average precision), recall at
 * fixed false-positive rates, and precision / recall / F1 at a threshold. Higher scores mean more
 * anomalous; ties are handled exactly (tied scores share ranks and move the curves together).
 */
public final class DetectionMetrics {

  private final double[] scores;
  private final boolean[] anomalous;
  private final int positives;
  private final int negatives;
  private final int[] byScoreDesc;

  public DetectionMetrics(double[] scores, boolean[] anomalous) {
    if (scores.length != anomalous.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + anomalous.length + " labels");
    }
    this.scores = scores.clone();
    this.anomalous = anomalous.clone();
    int p = 0;
    for (boolean a : anomalous) {
      p += a ? 1 : 0;
    }
    this.positives = p;
    this.negatives = scores.length - p;
    byScoreDesc =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> this.scores[i]).reversed())
            .mapToInt(Integer::intValue)
            .toArray();
  }

  public int positives() {
    return positives;
  }

  public int negatives() {
    return negatives;
  }

  /**
   * Area under the ROC curve (Mann-Whitney U with half credit for ties); NaN if a class is empty.
   */
  public double auroc() {
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double[] unit = new double[scores.length];
    Arrays.fill(unit, 1);
    return auroc(unit);
  }

  /**
   * The AUROC with each event counted {@code weights[i]} times (a bootstrap resample): the weight
   * of (anomalous, normal) pairs ordered correctly, tied pairs counting half, over the weight of
   * all such pairs. O(n): the events were sorted once.
   */
  double auroc(double[] weights) {
    if (weights.length != scores.length) {
      throw new IllegalArgumentException(
          weights.length + " weights but " + scores.length + " scores");
    }
    double normalBelow = 0;
    double anomalousTotal = 0;
    double correct = 0;
    double runAnomalous = 0;
    double runNormal = 0;
    // ascending: byScoreDesc from its end; a run of tied scores ends where the next score differs
    for (int k = byScoreDesc.length - 1; k >= 0; k--) {
      int i = byScoreDesc[k];
      if (anomalous[i]) {
        runAnomalous += weights[i];
      } else {
        runNormal += weights[i];
      }
      if (k == 0 || scores[byScoreDesc[k - 1]] != scores[i]) {
        correct += runAnomalous * (normalBelow + 0.5 * runNormal);
        normalBelow += runNormal;
        anomalousTotal += runAnomalous;
        runAnomalous = 0;
        runNormal = 0;
      }
    }
    return correct / (anomalousTotal * normalBelow);
  }

  /** Average precision: the area under the precision-recall step curve. */
  public double auprc() {
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    int tp = 0;
    int seen = 0;
    int i = 0;
    while (i < byScoreDesc.length) {
      int j = i;
      int groupTp = 0;
      while (j < byScoreDesc.length && scores[byScoreDesc[j]] == scores[byScoreDesc[i]]) {
        groupTp += anomalous[byScoreDesc[j]] ? 1 : 0;
        j++;
      }
      tp += groupTp;
      seen = j;
      ap += (groupTp / (double) positives) * (tp / (double) seen);
      i = j;
    }
    return ap;
  }

  /**
   * Recall at the lowest threshold whose false-positive rate does not exceed {@code fpr}: the share
   * of anomalies scoring strictly above it.
   */
  public double recallAtFpr(double fpr) {
    return recallAbove(thresholdAtFpr(fpr));
  }

  /** The score threshold whose false-positive rate is at most {@code fpr}. */
  public double thresholdAtFpr(double fpr) {
    double[] normal = new double[negatives];
    int k = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!anomalous[i]) {
        normal[k++] = scores[i];
      }
    }
    if (negatives == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    Arrays.sort(normal);
    int allowed = (int) Math.floor(fpr * negatives);
    return normal[negatives - 1 - Math.min(allowed, negatives - 1)];
  }

  /** Share of anomalies scoring strictly above {@code threshold}. */
  public double recallAbove(double threshold) {
    if (positives == 0) {
      return Double.NaN;
    }
    int tp = 0;
    for (int i = 0; i < scores.length; i++) {
      if (anomalous[i] && scores[i] > threshold) {
        tp++;
      }
    }
    return tp / (double) positives;
  }

  /** Precision, recall, F1 and false-positive rate when rows scoring above threshold alert. */
  public ThresholdStats at(double threshold) {
    int tp = 0;
    int fp = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > threshold) {
        if (anomalous[i]) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = positives == 0 ? Double.NaN : tp / (double) positives;
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    double fpr = negatives == 0 ? Double.NaN : fp / (double) negatives;
    return new ThresholdStats(threshold, precision, recall, f1, fpr, tp, fp);
  }

  /** Precision, recall and F1 at one threshold. */
  public record ThresholdStats(
      double threshold,
      double precision,
      double recall,
      double f1,
      double falsePositiveRate,
      int truePositives,
      int falsePositives) {}

  /** ROC curve points (fpr, tpr), at most {@code maxPoints}. */
  public List<double[]> rocCurve(int maxPoints) {
    List<double[]> pts = new ArrayList<>();
    pts.add(new double[] {0, 0});
    int tp = 0;
    int fp = 0;
    int step = Math.max(1, byScoreDesc.length / maxPoints);
    for (int k = 0; k < byScoreDesc.length; k++) {
      if (anomalous[byScoreDesc[k]]) {
        tp++;
      } else {
        fp++;
      }
      boolean groupEnd =
          k + 1 == byScoreDesc.length || scores[byScoreDesc[k + 1]] != scores[byScoreDesc[k]];
      if (groupEnd && (k % step == 0 || k + 1 == byScoreDesc.length)) {
        pts.add(
            new double[] {
              fp / (double) Math.max(1, negatives), tp / (double) Math.max(1, positives)
            });
      }
    }
    return pts;
  }

  /** Precision-recall curve points (recall, precision), at most {@code maxPoints}. */
  public List<double[]> prCurve(int maxPoints) {
    List<double[]> pts = new ArrayList<>();
    int tp = 0;
    int step = Math.max(1, byScoreDesc.length / maxPoints);
    for (int k = 0; k < byScoreDesc.length; k++) {
      tp += anomalous[byScoreDesc[k]] ? 1 : 0;
      boolean groupEnd =
          k + 1 == byScoreDesc.length || scores[byScoreDesc[k + 1]] != scores[byScoreDesc[k]];
      if (groupEnd && (k % step == 0 || k + 1 == byScoreDesc.length)) {
        pts.add(new double[] {tp / (double) Math.max(1, positives), tp / (double) (k + 1)});
      }
    }
    return pts;
  }
}
