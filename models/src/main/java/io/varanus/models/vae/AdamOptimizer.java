package io.varanus.models.vae;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with the bias correction folded into the step size, as ND4J's {@code
 * AdamUpdater} computes it: {@code alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)}, {@code p -=
 * alpha_t * m / (sqrt(v) + epsilon)}, with beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.
 */
final class AdamOptimizer {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final float EPSILON = 1e-8f;

  private final double learningRate;
  private final List<float[]> m;
  private final List<float[]> v;
  private int t;

  AdamOptimizer(VaeParameters shape, double learningRate) {
    this.learningRate = learningRate;
    this.m = shape.zeros().arrays();
    this.v = shape.zeros().arrays();
  }

  /** One step of {@code params} along {@code grad}. */
  void step(VaeParameters params, VaeParameters grad) {
    t++;
    double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    float a = (float) alpha;
    float b1 = (float) BETA1;
    float b2 = (float) BETA2;
    float c1 = (float) (1 - BETA1);
    float c2 = (float) (1 - BETA2);
    List<float[]> p = params.arrays();
    List<float[]> g = grad.arrays();
    for (int k = 0; k < p.size(); k++) {
      float[] pk = p.get(k);
      float[] gk = g.get(k);
      float[] mk = m.get(k);
      float[] vk = v.get(k);
      for (int i = 0; i < pk.length; i++) {
        float gi = gk[i];
        float mi = b1 * mk[i] + c1 * gi;
        float vi = b2 * vk[i] + c2 * gi * gi;
        mk[i] = mi;
        vk[i] = vi;
        pk[i] -= a * mi / ((float) Math.sqrt(vi) + EPSILON);
      }
    }
  }
}
