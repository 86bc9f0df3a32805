package io.varanus.engine.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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
  private final Integer[] byScoreDesc;

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
    byScoreDesc = new Integer[scores.length];
    for (int i = 0; i < byScoreDesc.length; i++) {
      byScoreDesc[i] = i;
    }
    Arrays.sort(byScoreDesc, Comparator.comparingDouble((Integer i) -> this.scores[i]).reversed());
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
    Integer[] asc = byScoreDesc.clone();
    Arrays.sort(asc, Comparator.comparingDouble((Integer i) -> scores[i]));
    double rankSum = 0;
    int i = 0;
    while (i < asc.length) {
      int j = i;
      while (j + 1 < asc.length && scores[asc[j + 1]] == scores[asc[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (anomalous[asc[k]]) {
          rankSum += rank;
        }
      }
      i = j + 1;
    }
    double u = rankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
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
