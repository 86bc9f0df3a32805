package io.varanus.engine.bench;

import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import io.varanus.models.vae.Score;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeScorer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What screening costs and saves on a trained bundle and labelled events: for each margin, the
 * share of events that keep their screening score, the events whose side of the threshold differs
 * from full scoring, and the scoring time against full scoring (one thread, blocks of 64 rows),
 * next to the decisions that change between two noise seeds of full scoring (the Monte Carlo error
 * the full score has anyway). Run by hand; the numbers are in docs/BENCHMARKS.md.
 *
 * <p>Arguments: bundle directory, label field (or "-"), normal value, input files.
 */
public final class ScreeningStudy {

  private ScreeningStudy() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println(
          "usage: ScreeningStudy <bundle dir> <label field or -> <normal value> <input>...");
      System.exit(2);
    }
    ModelBundle bundle = ModelBundles.load(Path.of(args[0]));
    String label = args[1].equals("-") ? null : args[1];
    String normal = args[2];
    List<String> inputs = Arrays.asList(args).subList(3, args.length);
    BundleScorer featurizer = new BundleScorer(bundle, Clock.systemUTC(), null, 3);
    List<float[]> rowList = new ArrayList<>();
    List<Boolean> attack = new ArrayList<>();
    new EventReader(bundle.input(), inputs, label, null)
        .forEach(
            e -> {
              rowList.add(featurizer.featurize(e));
              attack.add(e.label() != null && !normal.equals(e.label()));
            });
    float[][] rows = rowList.toArray(float[][]::new);
    VaeModel model = bundle.model();
    int samples = model.config().scoreSamples();
    long seed = model.config().seed();
    double t = featurizer.threshold();
    for (int warm = 0; warm < 2; warm++) {
      timed("warm-up, full", rows, new VaeScorer(model, samples, seed), Double.NaN, null);
      timed("warm-up, screened", rows, new VaeScorer(model, samples, seed), t, null);
    }
    Score[] full = timed("full", rows, new VaeScorer(model, samples, seed), Double.NaN, null);
    long above = Arrays.stream(full).filter(s -> s.value() > t).count();
    long attacks = attack.stream().filter(b -> b).count();
    System.out.printf(
        "%d events (%d labelled attacks), L = %d, threshold %.4f, %d above it%n",
        rows.length, attacks, samples, t, above);
    Score[] other = new VaeScorer(model, samples, seed + 1).score(rows);
    double[] gap = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      gap[i] = Math.abs(full[i].value() - other[i].value());
    }
    Arrays.sort(gap);
    System.out.printf(
        "full scoring, another noise seed: %d decisions differ; |score difference| median %.4f,"
            + " 99th percentile %.4f%n",
        flips(full, other, t), gap[gap.length / 2], gap[(int) (0.99 * gap.length)]);
    for (double sigmas : new double[] {2, 3, 4, 6, 8}) {
      VaeScorer s = new VaeScorer(model, samples, seed, sigmas);
      Score[] screened = timed("sigmas " + sigmas, rows, s, t, full);
      int kept = 0;
      int missedAttacks = 0;
      double worst = 0;
      for (int i = 0; i < rows.length; i++) {
        kept += screened[i].samples() < samples ? 1 : 0;
        if (full[i].value() > t && !(screened[i].value() > t)) {
          missedAttacks += attack.get(i) ? 1 : 0;
          worst = Math.max(worst, full[i].value() - t);
        }
      }
      System.out.printf(
          "  sigmas %.0f: kept screening score %.4f of events, %d decisions differ from full"
              + " (%d of them attacks; largest full score above the threshold by %.4f)%n",
          sigmas, kept / (double) rows.length, flips(full, screened, t), missedAttacks, worst);
    }
  }

  private static int flips(Score[] a, Score[] b, double t) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += (a[i].value() > t) != (b[i].value() > t) ? 1 : 0;
    }
    return n;
  }

  private static Score[] timed(
      String name, float[][] rows, VaeScorer scorer, double decideAt, Score[] reference) {
    Score[] out = new Score[rows.length];
    int chunk = Integer.getInteger("study.chunk", 64);
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < rows.length; i += chunk) {
        float[][] part = Arrays.copyOfRange(rows, i, Math.min(rows.length, i + chunk));
        Score[] s = scorer.score(part, decideAt);
        System.arraycopy(s, 0, out, i, s.length);
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf(
        "  %s: %.0f rows/s (best of 8 rounds, chunks of %d rows)%n",
        name, rows.length / (best / 1e9), chunk);
    return out;
  }
}
