package io.varanus.engine.config;

import java.nio.file.Path;

/**
 * The {@code retrain:} section: how {@code varanus retrain} picks its training rows from a window
 * of unlabelled traffic and when its candidate may replace the current model.
 *
 * @param compareFraction share of the window's events (by a hash of their origin) held back and
 *     never trained on: they calibrate the candidate's threshold (those the current model does not
 *     alert on and its alerts on sources that are no campaign), and half of them compare candidate
 *     and current model
 * @param maxCompareEvents at most this many held-back events per half (a uniform sample)
 * @param excludeMargin events the current model grades at or above its alert threshold's grade
 *     minus this many grade points are left out of training (suspected attacks); 0 excludes only
 *     what it alerts on
 * @param allowList a file of rules for events to keep even when they grade that high (confirmed
 *     false positives), or null
 * @param replaySize the bundle's replay store holds at most this many raw normal events (a uniform
 *     sample of every generation's training events, see {@code ReplayStore}); {@code train} writes
 *     the first, each {@code retrain} mixes it into its training rows and writes the next; 0 turns
 *     the replay off
 * @param campaignKey the field whose value names an event's source (e.g. source.ip), by which
 *     suspected attacks are grouped into campaigns; null: the key of the first window feature
 * @param campaignMinEvents a source with at least this many events graded at or above the exclusion
 *     grade is a campaign and left out; fewer are kept as rare events; 0 leaves out every event
 *     graded that high (grading alone)
 * @param replayShare at most this share of a retrain's training rows comes from the replay store
 *     (the rest from the window); the replayed rows are a uniform sample of the store
 * @param gate the promotion gate's limits
 */
public record RetrainConfig(
    double compareFraction,
    int maxCompareEvents,
    double excludeMargin,
    Path allowList,
    String campaignKey,
    int campaignMinEvents,
    int replaySize,
    double replayShare,
    Gate gate) {

  /**
   * Limits a candidate must meet to be promoted.
   *
   * @param minTrainingRows fewest rows the candidate may be trained on (training plus validation)
   * @param maxExcludedShare most of the window the current model may exclude; more means the
   *     traffic shifted or is under a large attack, and the window is no basis for a normal model
   * @param maxAlertVolumeRatio on the held-back events, the candidate's alert count may differ from
   *     the current model's by at most this factor (either way; counts are smoothed by the alerts
   *     the target FPR predicts, so small counts do not trip it)
   * @param maxScoreDrift largest Kolmogorov-Smirnov distance between the two models' grade
   *     distributions on the held-back events
   * @param minAuroc with labelled validation data, the candidate's AUROC must reach this
   * @param maxAurocDrop with validation data, the candidate's AUROC may trail the current's by this
   * @param maxRecallDrop with validation data, the candidate's recall at its calibrated threshold
   *     may trail the current's by this
   */
  public record Gate(
      int minTrainingRows,
      double maxExcludedShare,
      double maxAlertVolumeRatio,
      double maxScoreDrift,
      double minAuroc,
      double maxAurocDrop,
      double maxRecallDrop) {

    public static Gate defaults() {
      return new Gate(1000, 0.10, 2.0, 0.20, 0.0, 0.02, 0.05);
    }
  }

  public static RetrainConfig defaults() {
    return new RetrainConfig(0.2, 50_000, 1.0, null, null, 3, 5_000, 0.3, Gate.defaults());
  }
}
