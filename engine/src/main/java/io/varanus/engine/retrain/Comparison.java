package io.varanus.engine.retrain;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.eval.AurocBootstrap;
import io.varanus.engine.eval.DetectionMetrics;
import io.varanus.engine.eval.EvaluationReport;
import io.varanus.engine.eval.MethodResult;
import io.varanus.models.calibration.Calibration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Candidate and current model side by side on the same held-back events of the window, and on
 * labelled validation data when given.
 *
 * @param targetFpr the false-positive rate both thresholds were calibrated at (the candidate's)
 * @param gradeDrift Kolmogorov-Smirnov distance between the two models' grade distributions on the
 *     held-back events: 0 when they rank the window's traffic into the same quantiles of their own
 *     normal data, 1 when they disagree completely
 * @param currentValidation the current model on the validation data, or null without it
 * @param candidateValidation the candidate on the validation data, or null without it
 * @param validationAurocDifference the candidate's validation AUROC minus the current model's, with
 *     its paired 95% bootstrap interval, or null without validation data
 */
public record Comparison(
    double targetFpr,
    Side current,
    Side candidate,
    double gradeDrift,
    MethodResult currentValidation,
    MethodResult candidateValidation,
    AurocBootstrap.Interval validationAurocDifference) {

  /**
   * One model on the held-back events.
   *
   * @param scores its score per held-back event (same order for both sides)
   * @param grades the grade (0-100 against its own calibration) per held-back event
   */
  public record Side(String version, double threshold, double[] scores, double[] grades) {

    /** A bundle's side: its threshold, and each score's grade against its own calibration. */
    static Side of(ModelBundle bundle, double[] scores) {
      Calibration c = bundle.model().calibration();
      double[] grades = Arrays.stream(scores).map(c::grade).toArray();
      return new Side(bundle.version(), c.threshold(), scores, grades);
    }

    public int events() {
      return scores.length;
    }

    /** Held-back events above the threshold: the alerts this model would raise on them. */
    public int alerts() {
      int n = 0;
      for (double s : scores) {
        n += s > threshold ? 1 : 0;
      }
      return n;
    }

    Map<String, Object> toJson() {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("version", version);
      j.put("threshold", threshold);
      j.put("alerts", alerts());
      j.put("alert_rate", events() == 0 ? 0 : alerts() / (double) events());
      double[] sorted = scores.clone();
      Arrays.sort(sorted);
      Map<String, Object> q = new LinkedHashMap<>();
      for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
        q.put("p" + (p * 100 == Math.rint(p * 100) ? (int) (p * 100) : p * 100), at(sorted, p));
      }
      j.put("score_quantiles", q);
      return j;
    }
  }

  /**
   * Both models on the same held-back events ({@code currentScores[i]} and {@code
   * candidateScores[i]} score one event), with their evaluations of the same validation events when
   * there are any (null otherwise).
   */
  public static Comparison of(
      ModelBundle current,
      ModelBundle candidate,
      double[] currentScores,
      double[] candidateScores,
      EvaluationReport currentValidation,
      EvaluationReport candidateValidation) {
    Side cur = Side.of(current, currentScores);
    Side cand = Side.of(candidate, candidateScores);
    AurocBootstrap.Interval difference = null;
    if (currentValidation != null && candidateValidation != null) {
      difference =
          new AurocBootstrap(currentValidation.anomalous(), candidate.model().config().seed())
              .difference(vaeMetrics(candidateValidation), vaeMetrics(currentValidation));
    }
    return new Comparison(
        candidate.model().calibration().targetFpr(),
        cur,
        cand,
        ksDistance(cur.grades(), cand.grades()),
        currentValidation == null ? null : currentValidation.vae(),
        candidateValidation == null ? null : candidateValidation.vae(),
        difference);
  }

  private static DetectionMetrics vaeMetrics(EvaluationReport r) {
    return r.curves().get(r.vae().name());
  }

  public boolean hasValidation() {
    return currentValidation != null && candidateValidation != null;
  }

  /** Two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs. */
  public static double ksDistance(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] <= v) {
        i++;
      }
      while (j < y.length && y[j] <= v) {
        j++;
      }
      d = Math.max(d, Math.abs(i / (double) x.length - j / (double) y.length));
    }
    return d;
  }

  private static double at(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  Map<String, Object> toJson() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("held_back_events_compared", current.events());
    j.put("target_fpr", targetFpr);
    j.put("current", current.toJson());
    j.put("candidate", candidate.toJson());
    j.put("grade_drift_ks", gradeDrift);
    if (hasValidation()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("current", currentValidation.toJson());
      v.put("candidate", candidateValidation.toJson());
      v.put("candidate_minus_current_auroc", validationAurocDifference.toJson());
      j.put("validation", v);
    }
    return j;
  }
}
