package io.varanus.models.vae;

import io.varanus.models.vae.internal.VaeGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reconstruction term of the training loss on feature-major data, and its gradient: the same
 * likelihood as {@link VaeGraph}'s. Continuous columns: Gaussian with variance {@code minVariance +
 * softplus(raw)}; categorical groups: softmax of the logits clamped to {@code [-LOGIT_BOUND,
 * LOGIT_BOUND]} (a clamped logit has zero gradient). Per-item sums and the variance gradients run
 * in a fixed order, so the result does not depend on the machine.
 */
final class ElboLoss {

  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final float BOUND = VaeGraph.LOGIT_BOUND;

  private final int[] continuousColumn;
  private final int[] groupStart;
  private final int[] groupWidth;
  private final double minVariance;
  private final float[] invVariance;
  private final float[] varianceSlope;
  private double constant;
  private final float[] groupMax;
  private final double[] groupSum;
  private final double[] lse;
  private final double[] mass;
  private final float[][] expShifted;

  ElboLoss(InputLayout layout, double minVariance, int capacity) {
    this.continuousColumn = layout.continuousColumns();
    this.minVariance = minVariance;
    List<int[]> groups = new ArrayList<>();
    int widest = 0;
    for (int i = 0; i < layout.blocks().size(); i++) {
      if (layout.blocks().get(i) instanceof InputLayout.Categorical c) {
        groups.add(new int[] {layout.offset(i), c.size()});
        widest = Math.max(widest, c.size());
      }
    }
    groupStart = groups.stream().mapToInt(g -> g[0]).toArray();
    groupWidth = groups.stream().mapToInt(g -> g[1]).toArray();
    invVariance = new float[continuousColumn.length];
    varianceSlope = new float[continuousColumn.length];
    groupMax = new float[capacity];
    groupSum = new double[capacity];
    lse = new double[capacity];
    mass = new double[capacity];
    expShifted = new float[widest][capacity];
  }

  /** Reads the variances from the raw parameters; call after every update. */
  void refresh(float[] raw) {
    double logDet = 0;
    for (int k = 0; k < raw.length; k++) {
      double variance = minVariance + VaeScorer.softplus(raw[k]);
      invVariance[k] = (float) (1.0 / variance);
      varianceSlope[k] = (float) (1.0 / (1.0 + Math.exp(-raw[k])));
      logDet += Math.log(variance);
    }
    constant = 0.5 * (logDet + raw.length * LOG_2PI);
  }

  /**
   * Adds each item's {@code -log p(x | out)} to {@code loss[i]} for {@code i < n}. When {@code
   * dOut} is given, also sets the gradient of {@code scale * sum_i loss_i} with respect to the
   * outputs and, into {@code rawGradient}, with respect to the raw variances.
   */
  void reconstruction(
      float[][] x,
      float[][] out,
      int n,
      double[] loss,
      float[][] dOut,
      float scale,
      float[] rawGradient) {
    for (int i = 0; i < n; i++) {
      loss[i] += constant;
    }
    for (int k = 0; k < continuousColumn.length; k++) {
      int c = continuousColumn[k];
      float iv = invVariance[k];
      float[] xc = x[c];
      float[] oc = out[c];
      double slope = 0;
      for (int i = 0; i < n; i++) {
        float diff = oc[i] - xc[i];
        float q = diff * diff * iv;
        loss[i] += 0.5 * q;
        slope += 1 - q;
      }
      if (dOut != null) {
        float[] dc = dOut[c];
        float f = iv * scale;
        for (int i = 0; i < n; i++) {
          dc[i] = (oc[i] - xc[i]) * f;
        }
        rawGradient[k] = (float) (0.5 * iv * slope * varianceSlope[k] * scale);
      }
    }
    for (int g = 0; g < groupStart.length; g++) {
      categorical(x, out, groupStart[g], groupWidth[g], n, loss, dOut, scale);
    }
  }

  private void categorical(
      float[][] x,
      float[][] out,
      int from,
      int width,
      int n,
      double[] loss,
      float[][] dOut,
      float scale) {
    Arrays.fill(groupMax, 0, n, -BOUND);
    for (int c = from; c < from + width; c++) {
      float[] oc = out[c];
      for (int i = 0; i < n; i++) {
        groupMax[i] = Math.max(groupMax[i], clamp(oc[i]));
      }
    }
    Arrays.fill(groupSum, 0, n, 0);
    for (int c = 0; c < width; c++) {
      float[] oc = out[from + c];
      float[] e = expShifted[c];
      for (int i = 0; i < n; i++) {
        e[i] = (float) Math.exp(clamp(oc[i]) - groupMax[i]);
        groupSum[i] += e[i];
      }
    }
    for (int i = 0; i < n; i++) {
      lse[i] = groupMax[i] + Math.log(groupSum[i]);
    }
    for (int c = from; c < from + width; c++) {
      float[] oc = out[c];
      float[] xc = x[c];
      for (int i = 0; i < n; i++) {
        // x * (log-sum-exp - logit): the group's mass times lse, minus the target's logits
        loss[i] += xc[i] * (lse[i] - clamp(oc[i]));
      }
    }
    if (dOut == null) {
      return;
    }
    Arrays.fill(mass, 0, n, 0);
    for (int c = from; c < from + width; c++) {
      float[] xc = x[c];
      for (int i = 0; i < n; i++) {
        mass[i] += xc[i];
      }
    }
    for (int c = 0; c < width; c++) {
      float[] oc = out[from + c];
      float[] xc = x[from + c];
      float[] e = expShifted[c];
      float[] dc = dOut[from + c];
      for (int i = 0; i < n; i++) {
        float v = oc[i];
        boolean inside = v >= -BOUND && v <= BOUND;
        dc[i] = inside ? (float) ((mass[i] * e[i] / groupSum[i] - xc[i]) * scale) : 0f;
      }
    }
  }

  private static float clamp(float v) {
    return Math.max(-BOUND, Math.min(BOUND, v));
  }
}
