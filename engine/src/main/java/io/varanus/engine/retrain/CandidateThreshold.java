package io.varanus.engine.retrain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Where the candidate's threshold comes from: both models' scores of the same held-back events,
 * which neither trained on, and none of which is labelled.
 *
 * <p>The events the current model did not alert on are taken as normal. Alone they are a biased
 * sample: they lack the normal events the current model alerts on by design (its target FPR of
 * them), which are the normal tail, and the candidate, trained on much the same traffic, grades the
 * same events highest. A quantile of them alone sits too low, and every retrain added the parent's
 * false alerts to its own (measured on the generator's web stream: precision at the threshold 0.80,
 * 0.67, 0.59, 0.53, 0.51, 0.50 over five retrains). An earlier rule raised the threshold so the
 * candidate alerted on no more events than its parent; that inherited the parent's false alerts
 * instead, and they crept up (false-positive rate 0.0049 to 0.0119 over five retrains at a target
 * of 0.005).
 *
 * <p>So the sample gets back the normal events the current model alerted on. Where retraining found
 * campaigns ({@link CampaignExclusion}), those are its alerts on events from sources that are no
 * campaign: rare events of otherwise ordinary sources, its false alerts. Without campaigns (no
 * entity field), their number is estimated from the current model's promise, {@code t / (1 - t)}
 * times the events it kept at its target rate {@code t}, and they are taken to be its lowest-graded
 * alerts, since the normal tail ends just above its threshold and attacks score far above it.
 * Either way one generation's false alerts are not passed to the next: where the candidate grades
 * the normal tail like its parent the restored events are its own top normal scores and the
 * quantile lands where a sample of all normal traffic would put it, and where it does not they are
 * ordinary normal events to it and change little.
 *
 * @param normalScores the candidate's scores of the events the current model did not alert on and
 *     of the restored ones, ascending
 * @param restored how many of the current model's alerts were restored as its false ones
 * @param byCampaign whether they were chosen by source (else by the target FPR's count)
 * @param currentAlerts how many of the events the current model alerted on
 * @param events how many events were compared
 */
record CandidateThreshold(
    double[] normalScores, int restored, boolean byCampaign, int currentAlerts, int events) {

  /**
   * @param current the current model's scores
   * @param candidate the candidate's scores of the same events, in the same order
   * @param currentThreshold the current model's threshold
   * @param currentTargetFpr the false-positive rate the current model was calibrated to
   * @param fromCampaign per event, whether it comes from a campaign's source; null when retraining
   *     found no campaigns (decided by grade alone)
   */
  static CandidateThreshold of(
      double[] current,
      double[] candidate,
      double currentThreshold,
      double currentTargetFpr,
      boolean[] fromCampaign) {
    if (current.length != candidate.length) {
      throw new IllegalArgumentException(
          current.length + " current scores but " + candidate.length + " candidate scores");
    }
    if (!(currentTargetFpr >= 0 && currentTargetFpr < 1)) {
      throw new IllegalArgumentException("target FPR " + currentTargetFpr + " not in [0, 1)");
    }
    int[] alerted =
        IntStream.range(0, current.length)
            .filter(i -> current[i] > currentThreshold)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> current[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    if (fromCampaign != null && fromCampaign.length != current.length) {
      throw new IllegalArgumentException(
          current.length + " current scores but " + fromCampaign.length + " campaign flags");
    }
    int kept = current.length - alerted.length;
    int[] restore;
    if (fromCampaign != null) {
      restore = Arrays.stream(alerted).filter(i -> !fromCampaign[i]).toArray();
    } else {
      int count =
          (int)
              Math.min(
                  alerted.length, Math.round(kept * currentTargetFpr / (1 - currentTargetFpr)));
      restore = Arrays.copyOf(alerted, count);
    }
    double[] normal = new double[kept + restore.length];
    int k = 0;
    for (int i = 0; i < current.length; i++) {
      if (!(current[i] > currentThreshold)) {
        normal[k++] = candidate[i];
      }
    }
    for (int i : restore) {
      normal[k++] = candidate[i];
    }
    Arrays.sort(normal);
    return new CandidateThreshold(
        normal, restore.length, fromCampaign != null, alerted.length, current.length);
  }
}
