package io.varanus.models.vae;

/**
 * The scorer's exponential for the softmax, {@code e^x} for {@code x <= 0} (a logit minus its
 * group's largest), in float: {@code x = k ln 2 + r} with k the nearest integer to {@code x / ln
 * 2}, found by adding 1.5 * 2^23 so that float rounding does it; {@code e^r}, |r| <= ln 2 / 2, by
 * its Taylor polynomial of degree 6; {@code 2^k} written into a float's exponent bits. Relative
 * error below 3e-7; inputs below -87 count as -87 (e^-87 is about 1.6e-38, the least normal float
 * order). Branch-free and only float and int operations, so {@link VectorDense#exp} does the same
 * in the same order, and both give the same bits.
 */
final class Exp {

  static final float LOG2E = 1.44269504f;
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float ROUNDER = 12582912f; // 1.5 * 2^23
  static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  static final float FLOOR = -87f;
  static final float C2 = 1f / 2;
  static final float C3 = 1f / 6;
  static final float C4 = 1f / 24;
  static final float C5 = 1f / 120;
  static final float C6 = 1f / 720;

  private Exp() {}

  static float of(float x) {
    float y = Math.max(x, FLOOR);
    float t = y * LOG2E + ROUNDER;
    float kf = t - ROUNDER;
    int k = Float.floatToRawIntBits(t) - ROUNDER_BITS;
    float r = y - kf * LN2_HI - kf * LN2_LO;
    float p = ((((C6 * r + C5) * r + C4) * r + C3) * r + C2) * r + 1f;
    p = p * r + 1f;
    return p * Float.intBitsToFloat((k + 127) << 23);
  }
}
