package io.varanus.engine.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.varanus.engine.eval.AurocBootstrap.Interval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes an evaluation: {@code metrics.json} (the VAE's metrics at the top level, each baseline's
 * under {@code baselines}), ROC, precision-recall and score-histogram PNGs, and {@code report.html}
 * that shows them with the table. Also renders the short text table printed by the CLI.
 */
public final class EvaluationReport {

  private final MethodResult vae;
  private final List<MethodResult> baselines;
  private final Map<String, DetectionMetrics> curves;
  private final double[] vaeScores;
  private final boolean[] anomalous;
  private final Map<String, Object> context;
  private final Map<String, Interval> aurocIntervals = new LinkedHashMap<>();
  private final Map<String, Interval> vaeDifferences = new LinkedHashMap<>();

  /**
   * @param curves each method's metrics of the evaluated events, by the names of {@code vae} and
   *     {@code baselines}
   * @param seed seed of the bootstrap behind the AUROC intervals
   */
  public EvaluationReport(
      MethodResult vae,
      List<MethodResult> baselines,
      Map<String, DetectionMetrics> curves,
      double[] vaeScores,
      boolean[] anomalous,
      Map<String, Object> context,
      long seed) {
    this.vae = vae;
    this.baselines = List.copyOf(baselines);
    this.curves = curves;
    this.vaeScores = vaeScores;
    this.anomalous = anomalous;
    this.context = context;
    AurocBootstrap bootstrap = new AurocBootstrap(anomalous, seed);
    DetectionMetrics ofVae = curves.get(vae.name());
    aurocIntervals.put(vae.name(), bootstrap.auroc(ofVae));
    for (MethodResult b : this.baselines) {
      aurocIntervals.put(b.name(), bootstrap.auroc(curves.get(b.name())));
      vaeDifferences.put(b.name(), bootstrap.difference(ofVae, curves.get(b.name())));
    }
  }

  /** The VAE's result. */
  public MethodResult vae() {
    return vae;
  }

  /** Each method's metrics on the labelled events, by method name. */
  public Map<String, DetectionMetrics> curves() {
    return Map.copyOf(curves);
  }

  /** Whether each evaluated event is labelled anomalous, in reading order. */
  public boolean[] anomalous() {
    return anomalous.clone();
  }

  /** The 95% bootstrap interval of a method's AUROC, by method name. */
  public Interval aurocInterval(String method) {
    return aurocIntervals.get(method);
  }

  /** The VAE's AUROC minus a baseline's, with its paired 95% bootstrap interval. */
  public Interval vaeMinus(String baseline) {
    return vaeDifferences.get(baseline);
  }

  public Map<String, Object> metricsJson() {
    Map<String, Object> root = new LinkedHashMap<>(vae.toJson());
    root.put("auroc_ci_95", aurocIntervals.get(vae.name()).bounds());
    Map<String, Object> b = new LinkedHashMap<>();
    for (MethodResult r : baselines) {
      Map<String, Object> j = r.toJson();
      j.put("auroc_ci_95", aurocIntervals.get(r.name()).bounds());
      j.put("vae_auroc_difference", vaeDifferences.get(r.name()).toJson());
      b.put(r.name(), j);
    }
    root.put("baselines", b);
    root.put("context", context);
    return root;
  }

  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-18s %7s %7s %10s %10s %9s %7s %7s%n",
            "method", "AUROC", "AUPRC", "R@0.1%FPR", "R@1%FPR", "precision", "recall", "F1"));
    List<MethodResult> all = new ArrayList<>();
    all.add(vae);
    all.addAll(baselines);
    for (MethodResult r : all) {
      sb.append(
          String.format(
              "%-18s %7.4f %7.4f %10.4f %10.4f %9.4f %7.4f %7.4f%n",
              r.name(),
              r.auroc(),
              r.auprc(),
              r.recallAtFpr0001(),
              r.recallAtFpr001(),
              r.atThreshold().precision(),
              r.atThreshold().recall(),
              r.atThreshold().f1()));
    }
    sb.append(
        String.format(
            "AUROC 95%% interval (%d stratified bootstrap resamples of these events):%n",
            AurocBootstrap.RESAMPLES));
    for (MethodResult r : all) {
      Interval ci = aurocIntervals.get(r.name());
      sb.append(
          String.format(
              "  %-16s %7.4f  [%.4f, %.4f]%n", r.name(), ci.estimate(), ci.low(), ci.high()));
    }
    if (!baselines.isEmpty()) {
      sb.append("VAE AUROC minus each baseline's (paired, same resamples):\n");
      for (MethodResult r : baselines) {
        Interval d = vaeDifferences.get(r.name());
        sb.append(
            String.format(
                "  %-16s %+8.4f  [%+.4f, %+.4f]  %s%n",
                r.name(), d.estimate(), d.low(), d.high(), verdict(d, r.name())));
      }
    }
    Object target = context.get("target_fpr");
    sb.append(
        String.format(
            "false-positive rate at each method's threshold (target %s) and ties among the %d"
                + " normal events:%n",
            target, vae.ties().normals()));
    for (MethodResult r : all) {
      ScoreTies t = r.ties();
      sb.append(
          String.format(
              "  %-16s FPR %.4f (%s target)  tied at the top normal score %d (%.4f%%), largest"
                  + " tie %d (%.4f%%)%n",
              r.name(),
              r.atThreshold().falsePositiveRate(),
              ratio(r.atThreshold().falsePositiveRate(), target),
              t.normalAtMax(),
              100 * t.normalAtMaxShare(),
              t.largestTie(),
              100 * t.largestTieShare()));
    }
    if (!vae.perClass().isEmpty()) {
      sb.append("recall per class at the calibrated threshold (vae):\n");
      vae.perClass().forEach((c, v) -> sb.append(String.format("  %-24s %.4f%n", c, v)));
    }
    return sb.toString();
  }

  private static String ratio(double measured, Object target) {
    return target instanceof Number n && n.doubleValue() > 0
        ? String.format("%.2fx", measured / n.doubleValue())
        : "no";
  }

  public void write(Path dir) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(dir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("metrics.json").toFile(), metricsJson());
      curveChart("ROC", "false-positive rate", "true-positive rate", true, dir.resolve("roc.png"));
      curveChart("Precision-recall", "recall", "precision", false, dir.resolve("pr.png"));
      histogram(dir.resolve("scores.png"));
      Files.writeString(dir.resolve("report.html"), html());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report to " + dir + ": " + e.getMessage(), e);
    }
  }

  private void curveChart(String title, String x, String y, boolean roc, Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    for (Map.Entry<String, DetectionMetrics> e : curves.entrySet()) {
      List<double[]> pts = roc ? e.getValue().rocCurve(2000) : e.getValue().prCurve(2000);
      double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
      double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
      XYSeries s = chart.addSeries(e.getKey(), xs, ys);
      s.setMarker(SeriesMarkers.NONE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void histogram(Path file) throws IOException {
    double[] sorted = vaeScores.clone();
    java.util.Arrays.sort(sorted);
    double lo = sorted[0];
    double hi = sorted[(int) Math.floor(0.995 * (sorted.length - 1))];
    if (hi <= lo) {
      hi = lo + 1;
    }
    int bins = 60;
    double[] xs = new double[bins];
    double[] normal = new double[bins];
    double[] anom = new double[bins];
    int nNormal = 0;
    int nAnom = 0;
    for (int i = 0; i < vaeScores.length; i++) {
      int b = (int) Math.min(bins - 1, Math.max(0, (vaeScores[i] - lo) / (hi - lo) * bins));
      if (anomalous[i]) {
        anom[b]++;
        nAnom++;
      } else {
        normal[b]++;
        nNormal++;
      }
    }
    for (int b = 0; b < bins; b++) {
      xs[b] = lo + (b + 0.5) * (hi - lo) / bins;
      normal[b] /= Math.max(1, nNormal);
      anom[b] /= Math.max(1, nAnom);
    }
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title("VAE score (share of rows per bin; last bin holds the top 0.5%)")
            .xAxisTitle("score")
            .yAxisTitle("share")
            .build();
    chart.addSeries("normal", xs, normal).setMarker(SeriesMarkers.NONE);
    chart.addSeries("anomalous", xs, anom).setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private String html() {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Varanus evaluation</title>")
        .append(
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}</style></head><body>")
        .append("<h1>Varanus evaluation</h1><pre>")
        .append(escape(context.toString()))
        .append("</pre><pre>")
        .append(escape(table()))
        .append(
            "</pre><img src=\"roc.png\" alt=\"ROC curves\"><img src=\"pr.png\" alt=\"PR curves\">")
        .append("<img src=\"scores.png\" alt=\"score histogram\"></body></html>\n");
    return sb.toString();
  }

  private static String verdict(Interval d, String baseline) {
    if (Double.isNaN(d.estimate())) {
      return "n/a: needs both normal and anomalous events";
    }
    return d.above0()
        ? "vae ahead"
        : d.below0() ? baseline + " ahead" : "no difference beyond sampling noise";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
