package io.varanus.engine.retrain;

import io.varanus.connectors.LogEvent;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of a retraining window's events to leave out of training as suspected attacks: campaigns,
 * not single rare events.
 *
 * <p>Grading alone (leave out what the current model grades at or above the exclusion grade) also
 * leaves out the rare but normal events the current model grades highest, every retrain again; the
 * candidate never sees them, grades them higher still, and the model narrows generation by
 * generation (measured on the generator's web stream: 404s of search pages graded as high as
 * scanners after three retrains). Attacks come from somewhere, and more than once: a scanner, a
 * brute force, an injection campaign sends many events from one source. So, by the value of an
 * entity field (the source address, by default the key of the first window feature):
 *
 * <ul>
 *   <li>an entity with at least {@code minEvents} events graded that high, more than its number of
 *       events explains, is a campaign: those events are left out, and when at least half of its
 *       events graded that high, all of its events are (a campaign's quieter requests too);
 *   <li>an event graded that high whose entity has fewer such events is kept: a rare event, most
 *       likely normal, which the model must go on knowing;
 *   <li>an event graded that high without the entity field, or any such event when no entity field
 *       is set, is left out (grading alone).
 * </ul>
 *
 * When more than {@code maxSuspectedShare} of the window grades that high, high grades are not rare
 * and the traffic has shifted (or is under a large attack): every such event is left out, as by
 * grading alone, and the promotion gate refuses the window. The allow-list keeps any event it
 * matches. Memory: one int per event and one entry per entity.
 */
final class CampaignExclusion {

  /** What happened to the window's events outside the held-back slice. */
  record Counts(
      long suspected,
      long excluded,
      long campaignEvents,
      long campaigns,
      long isolatedKept,
      long allowed,
      boolean gradingAlone) {}

  private static final int NO_KEY = -1;

  private final String key;

  /**
   * A source's suspected events are more than its volume explains when, were each of its events
   * suspected with the normal rate, at least as many would be suspected with a probability below
   * this (Poisson tail). Without it a busy source, a NAT or a host with 75 flows a day, reaches
   * three suspected events by chance; on the generator's flow stream one client in ten did, and
   * leaving out their rare events narrowed the model and raised its false-positive rate from
   * retrain to retrain.
   */
  static final double SIGNIFICANCE = 1e-3;

  private final int minEvents;
  private final double normalRate;
  private final Map<String, Integer> ids = new HashMap<>();
  private int[] entity = new int[1024];
  private final BitSet high = new BitSet();
  private final BitSet allowed = new BitSet();
  private final BitSet heldBack = new BitSet();
  private boolean[] campaign;
  private int events;

  /**
   * @param key the entity field, or null to exclude by grade alone
   * @param minEvents events graded that high from one entity that make it a campaign; 0 (or a null
   *     key) decides by grading alone
   * @param normalRate the share of normal events graded that high (the current model's grades are
   *     percentiles of normal scores: 1 - exclusion grade / 100)
   */
  CampaignExclusion(String key, int minEvents, double normalRate) {
    if (minEvents < 0) {
      throw new IllegalArgumentException("minEvents " + minEvents + " < 0");
    }
    if (!(normalRate > 0 && normalRate < 1)) {
      throw new IllegalArgumentException("normalRate " + normalRate + " not in (0, 1)");
    }
    this.key = key;
    this.minEvents = minEvents;
    this.normalRate = normalRate;
  }

  /**
   * The next event of the window is held back: neither kept nor left out, but its source counts
   * towards finding campaigns and {@link #fromOrdinarySource} answers for it.
   */
  void held(LogEvent event, boolean suspected) {
    heldBack.set(events);
    add(event, suspected, false);
  }

  /**
   * The next event of the window.
   *
   * @param suspected the current model graded it at or above the exclusion grade
   * @param allowListed the allow-list matches it
   */
  void add(LogEvent event, boolean suspected, boolean allowListed) {
    int i = events;
    String value = key == null ? null : event.string(key);
    slot(value == null || value.isEmpty() ? NO_KEY : ids.computeIfAbsent(value, v -> ids.size()));
    if (suspected) {
      high.set(i);
    }
    if (allowListed) {
      allowed.set(i);
    }
  }

  /** P(X >= k) for X ~ Poisson(mean). */
  static double poissonTail(double mean, int k) {
    if (k <= 0) {
      return 1;
    }
    if (k <= mean) {
      return 1; // at or below its expectation: never significant
    }
    // the terms from k on fall at least geometrically (ratio mean / i < 1)
    double logTerm = -mean + k * Math.log(mean) - logFactorial(k);
    double term = Math.exp(logTerm);
    double sum = 0;
    for (int i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= mean / (i + 1);
    }
    return Math.min(1, sum);
  }

  private static double logFactorial(int k) {
    double s = 0;
    for (int i = 2; i <= k; i++) {
      s += Math.log(i);
    }
    return s;
  }

  /**
   * After {@link #decide}: whether event {@code i} comes from a campaign's source; false for every
   * event when it decided by grading alone (see {@link Counts#gradingAlone}).
   */
  boolean fromCampaign(long i) {
    int e = entity[Math.toIntExact(i)];
    return campaign != null && e >= 0 && campaign[e];
  }

  /**
   * After {@link #decide}: whether event {@code i} carries the key and its source is no campaign,
   * so an alert on it is a rare event of an ordinary source; false for every event when it decided
   * by grading alone.
   */
  boolean fromOrdinarySource(long i) {
    int e = entity[Math.toIntExact(i)];
    return campaign != null && e >= 0 && !campaign[e];
  }

  /**
   * Logs what {@link #decide} did.
   *
   * @param excludeAbove the exclusion grade (above 100: --no-exclude)
   * @param version the current model's version
   */
  void describe(Counts c, double excludeAbove, String version, PrintStream log) {
    long candidates = events - heldBack.cardinality();
    long keyed = keyedCandidates();
    if (excludeAbove > 100) {
      log.println("exclusion: off (--no-exclude); every event outside the held-back slice is kept");
      return;
    }
    if (key != null && c.gradingAlone()) {
      log.printf(
          "exclusion: %s grades %d of the %d events %.1f or more, more than"
              + " retrain.gate.max-excluded-share: high grades are not rare in this window, so all"
              + " %d are left out%n",
          version, c.suspected(), candidates, excludeAbove, c.suspected());
      return;
    }
    if (key == null) {
      log.printf(
          "exclusion: events %s grades %.1f or more are left out (by grade alone: %s)%n",
          version,
          excludeAbove,
          minEvents == 0
              ? "retrain.campaign-min-events 0"
              : "no window feature and no retrain.campaign-key; set it to the field that names"
                  + " an event's source to keep rare events of sources that are no campaign");
      return;
    }
    if (keyed == 0) {
      log.printf(
          "note: none of the %d events outside the held-back slice carries %s"
              + " (retrain.campaign-key), so the %d %s grades %.1f or more are left out by grade"
              + " alone. Set retrain.campaign-key to the field that names an event's source%n",
          candidates, key, c.suspected(), version, excludeAbove);
      return;
    }
    log.printf(
        "exclusion: %d events of %d campaigns left out (%s values with %d or more events %s grades"
            + " %.1f or more; all their events when at least half grade that high); %d events"
            + " graded that high kept as rare events of other %s values (retrain.campaign-key,"
            + " retrain.campaign-min-events)%n",
        c.campaignEvents(),
        c.campaigns(),
        key,
        minEvents,
        version,
        excludeAbove,
        c.isolatedKept(),
        key);
    if (c.excluded() > c.campaignEvents()) {
      log.printf(
          "exclusion: %d events graded that high carry no %s and are left out by grade alone%n",
          c.excluded() - c.campaignEvents(), key);
    }
    if (keyed < candidates / 100) {
      log.printf(
          "note: only %d of %d events carry %s (retrain.campaign-key); the suspected ones among"
              + " the others are left out by grade alone. Set retrain.campaign-key to the field"
              + " that names an event's source%n",
          keyed, candidates, key);
    }
  }

  /** Events outside the held-back slice that carry the key. */
  private long keyedCandidates() {
    long n = 0;
    for (int i = 0; i < events; i++) {
      n += entity[i] != NO_KEY && !heldBack.get(i) ? 1 : 0;
    }
    return n;
  }

  /**
   * After {@link #decide}: where each of the events at {@code indexes} comes from, for the
   * candidate's threshold; null (all unkeyed) when it decided by grading alone.
   */
  CandidateThreshold.Source[] sources(long[] indexes) {
    if (campaign == null) {
      return null;
    }
    CandidateThreshold.Source[] sources = new CandidateThreshold.Source[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      sources[i] =
          fromOrdinarySource(indexes[i])
              ? CandidateThreshold.Source.ORDINARY
              : fromCampaign(indexes[i])
                  ? CandidateThreshold.Source.CAMPAIGN
                  : CandidateThreshold.Source.UNKEYED;
    }
    return sources;
  }

  private void slot(int id) {
    if (events == entity.length) {
      entity = Arrays.copyOf(entity, entity.length * 2);
    }
    entity[events++] = id;
  }

  /**
   * Decides: sets in {@code kept} the events to train on; returns what was left out and why.
   *
   * @param maxSuspectedShare above this share of suspected events (of those not held back), every
   *     suspected event is left out
   * @param exclude false keeps every event (campaigns are still found, for {@link
   *     #fromOrdinarySource})
   */
  Counts decide(BitSet kept, double maxSuspectedShare, boolean exclude) {
    int[] total = new int[ids.size()];
    int[] suspected = new int[ids.size()];
    for (int i = 0; i < events; i++) {
      if (entity[i] >= 0) {
        total[entity[i]]++;
        suspected[entity[i]] += high.get(i) ? 1 : 0;
      }
    }
    long candidates = events - heldBack.cardinality();
    BitSet suspectedOutside = (BitSet) high.clone();
    suspectedOutside.andNot(heldBack);
    long suspectedCount = suspectedOutside.cardinality();
    boolean gradingAlone =
        key == null || minEvents == 0 || suspectedCount > maxSuspectedShare * candidates;
    campaign = null;
    if (!gradingAlone) {
      campaign = new boolean[ids.size()];
      for (int e = 0; e < campaign.length; e++) {
        campaign[e] =
            suspected[e] >= minEvents
                && poissonTail(total[e] * normalRate, suspected[e]) < SIGNIFICANCE;
      }
    }
    long excluded = 0;
    long campaignEvents = 0;
    long isolated = 0;
    long allowedCount = 0;
    for (int i = 0; i < events; i++) {
      if (heldBack.get(i)) {
        continue;
      }
      int e = entity[i];
      boolean fromCampaign = fromCampaign(i);
      boolean out;
      if (high.get(i)) {
        out = gradingAlone || e == NO_KEY || fromCampaign;
        isolated += out ? 0 : 1;
      } else {
        out = fromCampaign && 2L * suspected[e] >= total[e];
      }
      out &= exclude;
      if (out && allowed.get(i)) {
        out = false;
        allowedCount++;
      }
      if (out) {
        excluded++;
        campaignEvents += fromCampaign ? 1 : 0;
      } else {
        kept.set(i);
      }
    }
    long campaigns = 0;
    for (int e = 0; campaign != null && e < campaign.length; e++) {
      campaigns += campaign[e] ? 1 : 0;
    }
    return new Counts(
        suspectedCount, excluded, campaignEvents, campaigns, isolated, allowedCount, gradingAlone);
  }
}
