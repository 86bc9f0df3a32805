package io.varanus.engine.retrain;

import java.util.Arrays;

/**
 * Where the candidate's threshold comes from: both models' scores of the same held-back events,
 * which neither trained on.
 *
 * <p>The candidate's normal scores are those of the events the current model did not alert on; the
 * threshold is their (1 - target FPR) quantile. That sample lacks the normal tail the current model
 * alerts on by design (its own target FPR), so the quantile sits lower than a quantile of all
 * normal traffic would, and the candidate alerts on more normal events than the target: each
 * retrain a little more (measured: precision at the threshold 0.80, 0.67, 0.59, 0.53, 0.51, 0.50
 * over five retrains of the generator's web stream). The threshold is therefore never set below
 * {@link #volumeFloor}: the score above which the candidate alerts on no more of these events than
 * the current model does. A candidate that ranks better trades the current model's false alerts for
 * attacks within the same volume; one trained on drifted traffic the current model over-alerts on
 * still gets its lower, quantile threshold.
 *
 * @param normalScores the candidate's scores of the events the current model did not alert on
 * @param volumeFloor the candidate's score above which at most {@code currentAlerts} of the events
 *     score (negative infinity when the current model alerted on all of them)
 * @param currentAlerts how many of the events the current model alerted on
 * @param events how many events were compared
 */
record CandidateThreshold(
    double[] normalScores, double volumeFloor, int currentAlerts, int events) {

  /**
   * @param current the current model's scores
   * @param candidate the candidate's scores of the same events, in the same order
   * @param currentThreshold the current model's threshold
   */
  static CandidateThreshold of(double[] current, double[] candidate, double currentThreshold) {
    if (current.length != candidate.length) {
      throw new IllegalArgumentException(
          current.length + " current scores but " + candidate.length + " candidate scores");
    }
    int alerts = 0;
    for (double s : current) {
      alerts += s > currentThreshold ? 1 : 0;
    }
    double[] normal = new double[current.length - alerts];
    int k = 0;
    for (int i = 0; i < current.length; i++) {
      if (!(current[i] > currentThreshold)) {
        normal[k++] = candidate[i];
      }
    }
    double[] sorted = candidate.clone();
    Arrays.sort(sorted);
    // alerting means scoring strictly above: at the (alerts + 1)-th largest score, at most
    // `alerts` events score higher
    double floor =
        alerts >= sorted.length ? Double.NEGATIVE_INFINITY : sorted[sorted.length - 1 - alerts];
    return new CandidateThreshold(normal, floor, alerts, current.length);
  }
}
