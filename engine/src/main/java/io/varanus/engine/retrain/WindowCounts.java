package io.varanus.engine.retrain;

import java.util.Map;

/**
 * What retraining did with the window's events.
 *
 * @param records records read
 * @param invalid records that did not parse (counted by reason in the log, never trained on)
 * @param events parsed events
 * @param heldBack events held back for the comparison (never trained on)
 * @param compared held-back events actually compared (a uniform sample of at most {@code
 *     retrain.max-compare-events})
 * @param suspected events the current model graded at or above {@code excludeAboveGrade}
 * @param excludedByScore events left out as suspected attacks: graded at or above {@code
 *     excludeAboveGrade} by the current model and part of a campaign (see {@code
 *     CampaignExclusion}), or without the campaign key
 * @param allowListed events that would have been left out but matched the allow-list, so were kept
 * @param isolatedKept events graded that high but kept: rare events of sources that are no campaign
 * @param kept events the featurizer was fitted on and the training rows were sampled from
 * @param sampled training rows from the window (at most {@code model.max-training-rows}, a
 *     reservoir sample)
 * @param replayed training rows from the current model's replay store
 * @param excludeAboveGrade the grade at and above which events were excluded (above 100: none)
 */
public record WindowCounts(
    long records,
    long invalid,
    long events,
    long heldBack,
    long compared,
    long suspected,
    long excludedByScore,
    long allowListed,
    long isolatedKept,
    long kept,
    long sampled,
    long replayed,
    double excludeAboveGrade) {

  /**
   * Share of the events outside the held-back slice that the current model graded as suspected
   * attacks (whether or not they were left out).
   */
  public double suspectedShare() {
    long candidates = events - heldBack;
    return candidates == 0 ? 0 : suspected / (double) candidates;
  }

  Map<String, Object> toJson() {
    Map<String, Object> j = new java.util.LinkedHashMap<>();
    j.put("records", records);
    j.put("invalid", invalid);
    j.put("events", events);
    j.put("held_back", heldBack);
    j.put("compared", compared);
    j.put("suspected_by_score", suspected);
    j.put("suspected_share", suspectedShare());
    j.put("excluded_by_score", excludedByScore);
    j.put("allow_listed", allowListed);
    j.put("kept_graded_high_not_campaign", isolatedKept);
    j.put("kept", kept);
    j.put("training_rows_sampled", sampled);
    j.put("training_rows_replayed", replayed);
    j.put("exclude_above_grade", excludeAboveGrade);
    return j;
  }
}
