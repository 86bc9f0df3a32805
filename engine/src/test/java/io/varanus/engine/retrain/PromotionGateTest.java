package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.engine.config.RetrainConfig;
import io.varanus.engine.eval.AurocBootstrap;
import io.varanus.engine.eval.DetectionMetrics;
import io.varanus.engine.eval.MethodResult;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

  private static final RetrainConfig.Gate GATE = RetrainConfig.Gate.defaults();

  private static WindowCounts counts(long sampled, long excluded) {
    return new WindowCounts(
        10_000, 0, 10_000, 2_000, 1_000, excluded, excluded, 0, 0, 8_000, sampled, 0, 98.5);
  }

  /** n scores, uniform in [0, 1), of which the top {@code alerts} are above threshold 1. */
  private static Comparison.Side side(String version, int n, int alerts, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = i < alerts ? 2 + rnd.nextDouble() : rnd.nextDouble();
    }
    double[] grades = Arrays.stream(scores).map(s -> Math.min(100, 100 * s)).toArray();
    return new Comparison.Side(version, 1.0, scores, grades);
  }

  private static Comparison comparison(int curAlerts, int candAlerts) {
    Comparison.Side cur = side("a", 2000, curAlerts, 1);
    Comparison.Side cand = side("b", 2000, candAlerts, 2);
    return new Comparison(
        0.005, cur, cand, Comparison.ksDistance(cur.grades(), cand.grades()), null, null, null);
  }

  @Test
  void aSimilarCandidatePassesEveryCheck() {
    PromotionGate.Verdict v = new PromotionGate(GATE).judge(counts(5000, 300), comparison(30, 36));
    assertThat(v.passed()).as(v.reasons()).isTrue();
    assertThat(v.checks()).hasSize(4);
    assertThat(v.reasons()).isEmpty();
  }

  @Test
  void tooFewRowsIsRefusedWithTheLimit() {
    PromotionGate.Verdict v = new PromotionGate(GATE).judge(counts(200, 300), comparison(30, 30));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons())
        .contains("training rows: 200, at least 1000 needed")
        .contains("retrain.gate.min-training-rows")
        .contains("widen the window");
  }

  @Test
  void aWindowTheCurrentModelMostlyExcludesIsRefused() {
    PromotionGate.Verdict v = new PromotionGate(GATE).judge(counts(5000, 2400), comparison(30, 30));
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons()).contains("30.0% of the window").contains("traffic shifted");
  }

  @Test
  void alertVolumeIsJudgedBothWaysWithSmoothing() {
    // smoothing adds 0.005 * 2000 + 1 = 11 to each count: (33 + 11) / (10 + 11) = 2.10
    assertThat(new PromotionGate(GATE).judge(counts(5000, 0), comparison(10, 33)).passed())
        .isFalse();
    assertThat(new PromotionGate(GATE).judge(counts(5000, 0), comparison(10, 30)).passed())
        .isTrue();
    PromotionGate.Verdict fewer = new PromotionGate(GATE).judge(counts(5000, 0), comparison(50, 0));
    assertThat(fewer.passed()).isFalse();
    assertThat(fewer.reasons()).contains("misses alerts the current model raises");
    assertThat(new PromotionGate(GATE).judge(counts(5000, 0), comparison(2, 0)).passed())
        .as("a handful of alerts either way is noise")
        .isTrue();
  }

  @Test
  void validationLimitsApplyWhenValidationDataIsGiven() {
    boolean[] labels = new boolean[100];
    double[] good = new double[100];
    double[] worse = new double[100];
    for (int i = 0; i < 100; i++) {
      labels[i] = i >= 90;
      good[i] = labels[i] ? 10 + i : i / 100.0;
      worse[i] = labels[i] ? (i % 2 == 0 ? 10 + i : 0.5) : i / 100.0;
    }
    String[] classes = new String[100];
    MethodResult cur =
        MethodResult.of("vae", new DetectionMetrics(good, labels), good, labels, classes, 1.0);
    MethodResult cand =
        MethodResult.of("vae", new DetectionMetrics(worse, labels), worse, labels, classes, 1.0);
    Comparison base = comparison(30, 30);
    Comparison c =
        new Comparison(
            base.targetFpr(),
            base.current(),
            base.candidate(),
            0.01,
            cur,
            cand,
            new AurocBootstrap(labels, 1)
                .difference(
                    new DetectionMetrics(worse, labels), new DetectionMetrics(good, labels)));
    PromotionGate.Verdict v = new PromotionGate(GATE).judge(counts(5000, 300), c);
    assertThat(v.checks()).hasSize(7);
    assertThat(v.passed()).isFalse();
    assertThat(v.reasons())
        .contains("retrain.gate.max-recall-drop")
        .contains("candidate 0.5000, current 1.0000");
    assertThat(v.checks().stream().filter(k -> k.key().equals("max-auroc-drop")).findFirst())
        .get()
        .extracting(PromotionGate.Check::detail)
        .asString()
        .containsPattern("candidate minus current -0\\.\\d{4}, 95% interval \\[-0\\.\\d{4}, [-+]0");
  }

  @Test
  void ksDistanceIsTheLargestGapBetweenEmpiricalCdfs() {
    assertThat(Comparison.ksDistance(new double[] {1, 2, 3}, new double[] {1, 2, 3})).isZero();
    assertThat(Comparison.ksDistance(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(1.0);
    assertThat(Comparison.ksDistance(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}))
        .isCloseTo(0.5, within(1e-12));
  }
}
