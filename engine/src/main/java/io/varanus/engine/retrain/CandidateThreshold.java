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
 * <p>So the sample gets back the current model's false alerts, as far as they can be told:
 *
 * <ul>
 *   <li>its alerts on events of ordinary sources (they carry the campaign key and the source is no
 *       campaign, see {@link CampaignExclusion}): rare events of otherwise ordinary sources;
 *   <li>of its alerts on events without the key (or all its alerts when retraining graded alone),
 *       the lowest-graded, as many as its promise predicts to be false: {@code t / (1 - t)} times
 *       those of these events it kept, at its target rate {@code t}; the normal tail ends just
 *       above its threshold, attacks score far above it. Restoring all of them instead took in the
 *       address-less lines of brute forces in an auth.log and raised the threshold past some of
 *       their events;
 *   <li>never its alerts on campaigns' events.
 * </ul>
 *
 * One generation's false alerts are thus not passed to the next: where the candidate grades the
 * normal tail like its parent the restored events are its own top normal scores and the quantile
 * lands where a sample of all normal traffic would put it, and where it does not they are ordinary
 * normal events to it and change little.
 *
 * @param normalScores the candidate's scores of the events the current model did not alert on and
 *     of the restored ones, ascending
 * @param restoredOrdinary alerts restored because their source is ordinary
 * @param restoredUnkeyed alerts on events without the key restored by the target FPR's count
 * @param currentAlerts how many of the events the current model alerted on
 * @param events how many events were compared
 */
record CandidateThreshold(
    double[] normalScores,
    int restoredOrdinary,
    int restoredUnkeyed,
    int currentAlerts,
    int events) {

  /** Where a held-back event comes from, as retraining's campaign search sees it. */
  enum Source {
    /** It carries the campaign key and its source is no campaign. */
    ORDINARY,
    /** Its source is a campaign. */
    CAMPAIGN,
    /** It has no campaign key, or retraining graded alone. */
    UNKEYED
  }

  /** All restored alerts. */
  int restored() {
    return restoredOrdinary + restoredUnkeyed;
  }

  /**
   * @param current the current model's scores
   * @param candidate the candidate's scores of the same events, in the same order
   * @param currentThreshold the current model's threshold
   * @param currentTargetFpr the false-positive rate the current model was calibrated to
   * @param sources per event, where it comes from; null: all {@link Source#UNKEYED}
   */
  static CandidateThreshold of(
      double[] current,
      double[] candidate,
      double currentThreshold,
      double currentTargetFpr,
      Source[] sources) {
    if (current.length != candidate.length) {
      throw new IllegalArgumentException(
          current.length + " current scores but " + candidate.length + " candidate scores");
    }
    if (sources != null && sources.length != current.length) {
      throw new IllegalArgumentException(
          current.length + " current scores but " + sources.length + " sources");
    }
    if (!(currentTargetFpr >= 0 && currentTargetFpr < 1)) {
      throw new IllegalArgumentException("target FPR " + currentTargetFpr + " not in [0, 1)");
    }
    Source[] from = sources;
    if (from == null) {
      from = new Source[current.length];
      Arrays.fill(from, Source.UNKEYED);
    }
    double[] normal = new double[current.length];
    int k = 0;
    int keptUnkeyed = 0;
    int alerts = 0;
    int restoredOrdinary = 0;
    for (int i = 0; i < current.length; i++) {
      boolean alerted = current[i] > currentThreshold;
      alerts += alerted ? 1 : 0;
      if (!alerted) {
        normal[k++] = candidate[i];
        keptUnkeyed += from[i] == Source.UNKEYED ? 1 : 0;
      } else if (from[i] == Source.ORDINARY) {
        normal[k++] = candidate[i];
        restoredOrdinary++;
      }
    }
    Source[] f = from;
    int[] unkeyedAlerts =
        IntStream.range(0, current.length)
            .filter(i -> current[i] > currentThreshold && f[i] == Source.UNKEYED)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> current[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    int restoredUnkeyed =
        (int)
            Math.min(
                unkeyedAlerts.length,
                Math.round(keptUnkeyed * currentTargetFpr / (1 - currentTargetFpr)));
    for (int j = 0; j < restoredUnkeyed; j++) {
      normal[k++] = candidate[unkeyedAlerts[j]];
    }
    normal = Arrays.copyOf(normal, k);
    Arrays.sort(normal);
    return new CandidateThreshold(
        normal, restoredOrdinary, restoredUnkeyed, alerts, current.length);
  }
}
