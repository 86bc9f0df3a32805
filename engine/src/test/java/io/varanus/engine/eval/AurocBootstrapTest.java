package io.varanus.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.varanus.engine.eval.AurocBootstrap.Interval;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AurocBootstrapTest {

  @Test
  void estimateIsTheAurocOfDetectionMetricsWithTies() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + rng.nextInt(400);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = rng.nextInt(1 + rng.nextInt(20));
        anomalous[i] = rng.nextDouble() < 0.2;
      }
      anomalous[0] = true;
      anomalous[1] = false;

      Interval ci = new AurocBootstrap(anomalous, 1).auroc(new DetectionMetrics(scores, anomalous));

      assertThat(ci.estimate())
          .as("trial %d", trial)
          .isCloseTo(new DetectionMetrics(scores, anomalous).auroc(), within(1e-12));
      assertThat(ci.low()).isLessThanOrEqualTo(ci.high());
    }
  }

  /**
   * Binormal scores (normal N(0,1), anomalous N(d,1)) have AUROC Phi(d / sqrt 2); a 95% interval
   * must cover it in about 95% of independent samples.
   */
  @Test
  void intervalCoversTheTrueAurocAtAboutTheNominalRate() {
    double d = 1.5;
    double truth = phi(d / Math.sqrt(2));
    Random rng = new Random(7);
    int trials = 200;
    int covered = 0;
    for (int t = 0; t < trials; t++) {
      Sample s = binormal(rng, 60, 300, d);
      Interval ci = new AurocBootstrap(s.anomalous, t).auroc(s.metrics());
      covered += ci.low() <= truth && truth <= ci.high() ? 1 : 0;
    }

    assertThat(covered / (double) trials).isBetween(0.88, 0.99);
  }

  @Test
  void intervalNarrowsWithMoreEvaluatedEvents() {
    Random rng = new Random(3);
    Sample small = binormal(rng, 20, 100, 1.0);
    Sample large = binormal(rng, 2000, 10000, 1.0);

    Interval a = new AurocBootstrap(small.anomalous, 5).auroc(small.metrics());
    Interval b = new AurocBootstrap(large.anomalous, 5).auroc(large.metrics());

    // the standard error falls as 1/sqrt(n): 100 times the events, about a tenth of the width
    assertThat(b.high() - b.low()).isLessThan((a.high() - a.low()) / 4);
  }

  @Test
  void perfectSeparationHasNoSpread() {
    boolean[] labels = {false, false, false, true, true};
    Interval ci =
        new AurocBootstrap(labels, 9)
            .auroc(new DetectionMetrics(new double[] {1, 2, 3, 4, 5}, labels));

    assertThat(ci).isEqualTo(new Interval(1.0, 1.0, 1.0));
  }

  @Test
  void pairedDifferenceSeparatesABetterDetectorAndNotAnIdenticalOne() {
    Random rng = new Random(21);
    Sample s = binormal(rng, 100, 1000, 2.0);
    double[] noisy = s.scores.clone();
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] += 2 * rng.nextGaussian();
    }
    DetectionMetrics noisyMetrics = new DetectionMetrics(noisy, s.anomalous);
    AurocBootstrap bootstrap = new AurocBootstrap(s.anomalous, 4);

    Interval same = bootstrap.difference(s.metrics(), s.metrics());
    Interval better = bootstrap.difference(s.metrics(), noisyMetrics);
    Interval worse = bootstrap.difference(noisyMetrics, s.metrics());

    assertThat(same).isEqualTo(new Interval(0.0, 0.0, 0.0));
    assertThat(better.above0()).as("%s", better).isTrue();
    assertThat(worse.below0()).as("%s", worse).isTrue();
    assertThat(better.estimate()).isCloseTo(-worse.estimate(), within(1e-12));
    // pairing: the difference varies less than either AUROC would suggest when unpaired
    Interval a = bootstrap.auroc(s.metrics());
    Interval b = bootstrap.auroc(noisyMetrics);
    assertThat(better.high() - better.low())
        .isLessThan((a.high() - a.low()) + (b.high() - b.low()));
  }

  @Test
  void sameSeedSameInterval() {
    Sample s = binormal(new Random(1), 30, 200, 1.0);

    assertThat(new AurocBootstrap(s.anomalous, 42).auroc(s.metrics()))
        .isEqualTo(new AurocBootstrap(s.anomalous, 42).auroc(s.metrics()));
  }

  @Test
  void aClassMissingGivesNaN() {
    Interval ci =
        new AurocBootstrap(new boolean[3], 1)
            .auroc(new DetectionMetrics(new double[] {1, 2, 3}, new boolean[3]));

    assertThat(ci.estimate()).isNaN();
    assertThat(ci.low()).isNaN();
    assertThat(ci.high()).isNaN();
    assertThat(ci.above0() || ci.below0()).isFalse();
  }

  @Test
  void metricsOfOtherEventsAreRefused() {
    AurocBootstrap bootstrap = new AurocBootstrap(new boolean[] {true, false, false}, 1);

    assertThatThrownBy(
            () ->
                bootstrap.auroc(
                    new DetectionMetrics(new double[] {1, 2}, new boolean[] {true, false})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the labels have 1 and 2");
  }

  private record Sample(double[] scores, boolean[] anomalous) {
    DetectionMetrics metrics() {
      return new DetectionMetrics(scores, anomalous);
    }
  }

  private static Sample binormal(Random rng, int positives, int negatives, double shift) {
    int n = positives + negatives;
    double[] scores = new double[n];
    boolean[] anomalous = new boolean[n];
    for (int i = 0; i < n; i++) {
      anomalous[i] = i < positives;
      scores[i] = rng.nextGaussian() + (anomalous[i] ? shift : 0);
    }
    return new Sample(scores, anomalous);
  }

  /** The standard normal CDF (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7). */
  private static double phi(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double erf =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
