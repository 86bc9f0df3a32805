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
   * The population standard deviation, at least {@code floor}: a feature that was constant in
   * training is then scaled by the floor, so any change of it stands out.
   */
  public double std(double floor) {
    double sd = n == 0 ? 0 : Math.sqrt(m2 / n);
    return Double.isFinite(sd) ? Math.max(sd, floor) : floor;
  }
}
