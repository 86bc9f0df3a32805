package io.varanus.engine.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How far an AUROC, and the AUROC difference between two detectors scored on the same events, can
 * move with the choice of evaluated events: a stratified percentile bootstrap. Each resample draws
 * as many anomalous events as there are, with replacement, from the anomalous ones, and likewise
 * the normal ones, so every resample keeps the class counts; the difference is paired (both
 * detectors are measured on the same resample). Each resample costs O(n) per detector: {@link
 * DetectionMetrics} sorted the events once, and a resample only reweights them.
 *
 * <p>The interval covers the noise of the evaluated sample only, not that of training (seed,
 * training rows): a difference inside it is not a measured difference between the detectors.
 */
public final class AurocBootstrap {

  /** Resamples behind each interval. */
  public static final int RESAMPLES = 1000;

  /** A two-sided 95% percentile interval around a point estimate. */
  public record Interval(double estimate, double low, double high) {

    /** True when the whole interval lies above 0. */
    public boolean above0() {
      return low > 0;
    }

    /** True when the whole interval lies below 0. */
    public boolean below0() {
      return high < 0;
    }

    /** {@code [low, high]}, as metrics.json and comparison.json write an interval. */
    public List<Double> bounds() {
      return List.of(low, high);
    }

    /** {@code {"estimate": ..., "ci_95": [low, high]}}. */
    public Map<String, Object> toJson() {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("estimate", estimate);
      j.put("ci_95", bounds());
      return j;
    }
  }

  private final int[] positives;
  private final int[] negatives;
  private final long seed;

  /** The bootstrap over {@code anomalous} labels, with a fixed seed so reports are repeatable. */
  public AurocBootstrap(boolean[] anomalous, long seed) {
    this.positives = IntStream.range(0, anomalous.length).filter(i -> anomalous[i]).toArray();
    this.negatives = IntStream.range(0, anomalous.length).filter(i -> !anomalous[i]).toArray();
    this.seed = seed;
  }

  /**
   * The AUROC of {@code m} and its interval; NaNs when a class is empty. {@code m} must measure the
   * events labelled as given to the constructor.
   */
  public Interval auroc(DetectionMetrics m) {
    requireSameEvents(m);
    return interval(m.auroc(), m::auroc);
  }

  /** AUROC of {@code a} minus AUROC of {@code b} (both of the same events), paired. */
  public Interval difference(DetectionMetrics a, DetectionMetrics b) {
    requireSameEvents(a);
    requireSameEvents(b);
    return interval(a.auroc() - b.auroc(), w -> a.auroc(w) - b.auroc(w));
  }

  private void requireSameEvents(DetectionMetrics m) {
    if (m.positives() != positives.length || m.negatives() != negatives.length) {
      throw new IllegalArgumentException(
          "metrics of "
              + m.positives()
              + " anomalous and "
              + m.negatives()
              + " normal events, but the labels have "
              + positives.length
              + " and "
              + negatives.length);
    }
  }

  private Interval interval(double estimate, ToDoubleFunction<double[]> stat) {
    if (positives.length == 0 || negatives.length == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] weights = new double[positives.length + negatives.length];
    double[] values = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      Arrays.fill(weights, 0);
      draw(positives, weights, random);
      draw(negatives, weights, random);
      values[b] = stat.applyAsDouble(weights);
    }
    Arrays.sort(values);
    return new Interval(
        estimate,
        values[(int) Math.floor(0.025 * (RESAMPLES - 1))],
        values[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
  }

  private static void draw(int[] members, double[] weights, SplittableRandom random) {
    for (int k = 0; k < members.length; k++) {
      weights[members[random.nextInt(members.length)]]++;
    }
  }
}
