package io.varanus.engine.retrain;

import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.eval.AurocBootstrap;
import io.varanus.engine.eval.MethodResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a retrained candidate may replace the current model: enough training rows, a
 * window the current model found mostly normal, a similar alert volume and grade distribution on
 * the held-back events, and, with labelled validation data, no material loss of AUROC or recall.
 * Each limit is a key of {@code retrain.gate}; every check is reported, passed or not.
 */
public final class PromotionGate {

  /** One check: its config key, whether it passed, and a sentence a user can act on. */
  public record Check(String key, boolean passed, String detail) {}

  /** All checks; the candidate passes when every one did. */
  public record Verdict(List<Check> checks) {
    public Verdict {
      checks = List.copyOf(checks);
    }

    public boolean passed() {
      return checks.stream().allMatch(Check::passed);
    }

    /** The failed checks' sentences, one per line. */
    public String reasons() {
      StringBuilder sb = new StringBuilder();
      for (Check c : checks) {
        if (!c.passed()) {
          sb.append(c.detail()).append('\n');
        }
      }
      return sb.toString();
    }

    List<Map<String, Object>> toJson() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Check c : checks) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("limit", "retrain.gate." + c.key());
        j.put("passed", c.passed());
        j.put("detail", c.detail());
        out.add(j);
      }
      return out;
    }
  }

  private final RetrainConfig.Gate gate;

  public PromotionGate(RetrainConfig.Gate gate) {
    this.gate = gate;
  }

  public Verdict judge(WindowCounts counts, Comparison c) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        check(
            "min-training-rows",
            counts.sampled() >= gate.minTrainingRows(),
            String.format(
                "training rows: %d, at least %d needed (retrain.gate.min-training-rows)",
                counts.sampled(), gate.minTrainingRows()),
            "widen the window"));
    checks.add(
        check(
            "max-excluded-share",
            counts.suspectedShare() <= gate.maxExcludedShare(),
            String.format(
                "excluded share: the current model graded %.1f%% of the window's events (%d of"
                    + " %d) as suspected attacks, at most %.1f%% allowed"
                    + " (retrain.gate.max-excluded-share)",
                100 * counts.suspectedShare(),
                counts.suspected(),
                counts.events() - counts.heldBack(),
                100 * gate.maxExcludedShare()),
            "the traffic shifted or an attack is under way; review the window before training"
                + " on it"));
    int n = c.current().events();
    double smooth = c.targetFpr() * n + 1;
    double ratio = (c.candidate().alerts() + smooth) / (c.current().alerts() + smooth);
    checks.add(
        check(
            "max-alert-volume-ratio",
            ratio <= gate.maxAlertVolumeRatio() && 1 / ratio <= gate.maxAlertVolumeRatio(),
            String.format(
                "alert volume: on %d held-back events the candidate would raise %d alerts, the"
                    + " current model %d; ratio %.2f (each count plus the %.1f the target FPR"
                    + " predicts), within a factor %.2f allowed"
                    + " (retrain.gate.max-alert-volume-ratio)",
                n,
                c.candidate().alerts(),
                c.current().alerts(),
                ratio,
                smooth - 1,
                gate.maxAlertVolumeRatio()),
            ratio > 1
                ? "the candidate would flood the SOC with alerts the current model does not raise"
                : "the candidate misses alerts the current model raises"));
    checks.add(
        check(
            "max-score-drift",
            c.gradeDrift() <= gate.maxScoreDrift(),
            String.format(
                "grade drift: the models' grade distributions on the held-back events are %.3f"
                    + " apart (Kolmogorov-Smirnov), at most %.3f allowed"
                    + " (retrain.gate.max-score-drift)",
                c.gradeDrift(), gate.maxScoreDrift()),
            "the candidate ranks this traffic very differently from the current model"));
    if (c.hasValidation()) {
      MethodResult cur = c.currentValidation();
      MethodResult cand = c.candidateValidation();
      checks.add(
          check(
              "min-auroc",
              cand.auroc() >= gate.minAuroc(),
              String.format(
                  "validation AUROC: candidate %.4f, at least %.4f needed"
                      + " (retrain.gate.min-auroc)",
                  cand.auroc(), gate.minAuroc()),
              "the candidate separates attacks from normal traffic too poorly"));
      AurocBootstrap.Interval d = c.validationAurocDifference();
      checks.add(
          check(
              "max-auroc-drop",
              cur.auroc() - cand.auroc() <= gate.maxAurocDrop(),
              String.format(
                  "validation AUROC: candidate %.4f, current %.4f, a drop of at most %.4f allowed"
                      + " (retrain.gate.max-auroc-drop)%s",
                  cand.auroc(),
                  cur.auroc(),
                  gate.maxAurocDrop(),
                  d == null
                      ? ""
                      : String.format(
                          "; candidate minus current %+.4f, 95%% interval [%+.4f, %+.4f]",
                          d.estimate(), d.low(), d.high())),
              "the candidate separates attacks worse than the current model"));
      double rCand = cand.atThreshold().recall();
      double rCur = cur.atThreshold().recall();
      checks.add(
          check(
              "max-recall-drop",
              rCur - rCand <= gate.maxRecallDrop(),
              String.format(
                  "validation recall at the calibrated threshold: candidate %.4f, current %.4f,"
                      + " a drop of at most %.4f allowed (retrain.gate.max-recall-drop)",
                  rCand, rCur, gate.maxRecallDrop()),
              "the candidate would miss attacks the current model catches"));
    }
    return new Verdict(checks);
  }

  private static Check check(String key, boolean passed, String measured, String advice) {
    return new Check(key, passed, passed ? measured : measured + ": " + advice);
  }
}
