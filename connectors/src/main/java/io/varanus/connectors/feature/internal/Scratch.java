package io.varanus.connectors.feature.internal;

/**
 * Per-event working slots, reused across events: raw continuous values (NaN when missing) and raw
 * category labels (null when missing), filled by extractors and read by encoders.
 */
public final class Scratch {

  public final double[] num;
  public final String[] str;

  public Scratch(int numSlots, int strSlots) {
    this.num = new double[numSlots];
    this.str = new String[strSlots];
  }
}
