package io.varanus.models.vae;

import java.util.Arrays;

/**
 * The categorical groups' part of a {@link ScoringBlock}: per group, the log-softmax of the
 * decoder's logits for every item, added to the block's per-row sums. Holds its working arrays for
 * up to {@code items} items.
 */
final class CategoricalGroups {

  private static final float LOGIT_BOUND = VaeScorer.LOGIT_BOUND;

  private final int[] categoricalBlocks;
  private final int[] blockOffset;
  private final int[] blockWidth;
  private final Screening screening;
  private final float[] catMax;
  private final float[] catTotal;
  private final double[] catLogTotal;
  private final double[] catInvTotal;
  private final double[] itemNll;

  CategoricalGroups(VaeScorer scorer, int items, int screenItems) {
    this.categoricalBlocks = scorer.categoricalBlocks;
    this.blockOffset = scorer.blockOffset;
    this.blockWidth = scorer.blockWidth;
    this.screening = scorer.screening;
    catMax = new float[items];
    catTotal = new float[items];
    catLogTotal = new double[items];
    catInvTotal = new double[items];
    itemNll = new double[screenItems];
  }

  /**
   * Per categorical group and sample: the clamped logits' log-softmax, the negative log-likelihood
   * of the observed category, and the probabilities summed over the samples (from zero when {@code
   * reset} is set). Each pass runs over all items of one column, so the exponentials ({@link Exp},
   * one per logit) go through {@link VectorDense#exp} eight or sixteen at a time. With {@code
   * perSample} set, each item's scaled -log p of the group goes there too. {@code out} holds the
   * decoder's outputs (a group's logits are clamped in place), {@code x} the rows, {@code e0} room
   * for a group's exponentials; {@code catNll} and {@code probSum} are the block's per-row sums.
   */
  void add(
      float[][] out,
      float[][] x,
      float[][] e0,
      double[][] catNll,
      double[][] probSum,
      int n,
      int samples,
      boolean reset,
      double[] perSample) {
    int items = n * samples;
    for (int i : categoricalBlocks) {
      int o = blockOffset[i];
      int w = blockWidth[i];
      // every clamped logit is >= -LOGIT_BOUND, so starting there gives the group's largest
      Arrays.fill(catMax, 0, items, -LOGIT_BOUND);
      for (int c = o; c < o + w; c++) {
        float[] oc = out[c];
        for (int t = 0; t < items; t++) {
          float v = Math.max(-LOGIT_BOUND, Math.min(LOGIT_BOUND, oc[t]));
          oc[t] = v;
          catMax[t] = Math.max(catMax[t], v);
        }
      }
      Arrays.fill(catTotal, 0, items, 0f);
      for (int c = o; c < o + w; c++) {
        float[] oc = out[c];
        float[] e = e0[c - o];
        int done = DenseKernel.VECTOR ? VectorDense.exp(oc, catMax, e, catTotal, items) : 0;
        for (int t = done; t < items; t++) {
          e[t] = Exp.of(oc[t] - catMax[t]);
          catTotal[t] += e[t];
        }
      }
      for (int t = 0; t < items; t++) {
        catLogTotal[t] = catMax[t] + Math.log(catTotal[t]);
        catInvTotal[t] = 1.0 / catTotal[t];
      }
      double[] nll = catNll[i];
      if (reset) {
        Arrays.fill(nll, 0, n, 0);
      }
      if (perSample != null) {
        Arrays.fill(itemNll, 0, items, 0);
      }
      for (int c = o; c < o + w; c++) {
        float[] oc = out[c];
        float[] e = e0[c - o];
        float[] xc = x[c];
        double[] ps = probSum[c];
        if (reset) {
          Arrays.fill(ps, 0, n, 0);
        }
        for (int l = 0; l < samples; l++) {
          int base = l * n;
          for (int r = 0; r < n; r++) {
            int t = base + r;
            double term = xc[r] * (oc[t] - catLogTotal[t]);
            nll[r] -= term;
            ps[r] += e[t] * catInvTotal[t];
            if (perSample != null) {
              itemNll[t] -= term;
            }
          }
        }
      }
      if (perSample != null) {
        for (int t = 0; t < items; t++) {
          perSample[t] += itemNll[t] * screening.scale(i);
        }
      }
    }
  }
}
