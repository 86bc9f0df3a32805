package io.varanus.connectors.feature.internal;

/** Mean and standard deviation of a stream (Welford), for fitting a standardization. */
public final class RunningStats {

  private long n;
  private double mean;
  private double m2;

  public void add(double x) {
    n++;
    double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }

  public long count() {
    return n;
  }

  /** The mean, or {@code fallback} when nothing was added. */
  public double mean(double fallback) {
    return n == 0 ? fallback : mean;
  }

  /**
   * The population standard deviation, or 1 when it is zero or negligible (a constant feature in
   * training): deviations at scoring time are then reported in the feature's own units.
   */
  public double std() {
    double sd = n == 0 ? 0 : Math.sqrt(m2 / n);
    return sd > 1e-9 * Math.max(1.0, Math.abs(mean)) && Double.isFinite(sd) ? sd : 1.0;
  }
}
