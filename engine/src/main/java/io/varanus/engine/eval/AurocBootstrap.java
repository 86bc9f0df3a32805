package io.varanus.engine.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How far an AUROC, and the AUROC difference between two detectors scored on the same events, can
 * move with the choice of evaluated events: a stratified percentile bootstrap. Each resample draws
 * as many anomalous events as there are, with replacement, from the anomalous ones, and likewise
 * the normal ones, so every resample keeps the class counts; the difference is paired (both
 * detectors are measured on the same resample). Each resample costs O(n) per detector: the events
 * are sorted once, and a resample only reweights them.
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
  }

  private final boolean[] anomalous;
  private final int[] positives;
  private final int[] negatives;
  private final long seed;

  /** The bootstrap over {@code anomalous} labels, with a fixed seed so reports are repeatable. */
  public AurocBootstrap(boolean[] anomalous, long seed) {
    this.anomalous = anomalous.clone();
    this.positives = IntStream.range(0, anomalous.length).filter(i -> anomalous[i]).toArray();
    this.negatives = IntStream.range(0, anomalous.length).filter(i -> !anomalous[i]).toArray();
    this.seed = seed;
  }

  /** The AUROC of {@code scores} and its interval; NaNs when a class is empty. */
  public Interval auroc(double[] scores) {
    Ranked r = new Ranked(scores);
    return interval(r.auroc(ones()), r::auroc);
  }

  /** AUROC of {@code a} minus AUROC of {@code b}, with a paired interval. */
  public Interval difference(double[] a, double[] b) {
    Ranked ra = new Ranked(a);
    Ranked rb = new Ranked(b);
    double[] unit = ones();
    return interval(ra.auroc(unit) - rb.auroc(unit), w -> ra.auroc(w) - rb.auroc(w));
  }

  private Interval interval(double estimate, ToDoubleFunction<double[]> stat) {
    if (positives.length == 0 || negatives.length == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] weights = new double[anomalous.length];
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

  private double[] ones() {
    double[] w = new double[anomalous.length];
    Arrays.fill(w, 1);
    return w;
  }

  /** One detector's events in ascending score order, with the ends of runs of tied scores. */
  private final class Ranked {
    private final int[] ascending;
    private final boolean[] runEnd;

    Ranked(double[] scores) {
      if (scores.length != anomalous.length) {
        throw new IllegalArgumentException(
            scores.length + " scores but " + anomalous.length + " labels");
      }
      ascending =
          IntStream.range(0, scores.length)
              .boxed()
              .sorted(Comparator.comparingDouble(i -> scores[i]))
              .mapToInt(Integer::intValue)
              .toArray();
      runEnd = new boolean[scores.length];
      for (int k = 0; k < scores.length; k++) {
        runEnd[k] = k + 1 == scores.length || scores[ascending[k + 1]] != scores[ascending[k]];
      }
    }

    /**
     * The weighted Mann-Whitney AUROC: the weight of (anomalous, normal) pairs ordered correctly,
     * tied pairs counting half, over the weight of all such pairs.
     */
    double auroc(double[] w) {
      double normalBelow = 0;
      double normalTotal = 0;
      double anomalousTotal = 0;
      double correct = 0;
      double runAnomalous = 0;
      double runNormal = 0;
      for (int k = 0; k < ascending.length; k++) {
        int i = ascending[k];
        if (anomalous[i]) {
          runAnomalous += w[i];
        } else {
          runNormal += w[i];
        }
        if (runEnd[k]) {
          correct += runAnomalous * (normalBelow + 0.5 * runNormal);
          normalBelow += runNormal;
          normalTotal += runNormal;
          anomalousTotal += runAnomalous;
          runAnomalous = 0;
          runNormal = 0;
        }
      }
      return correct / (anomalousTotal * normalTotal);
    }
  }
}
