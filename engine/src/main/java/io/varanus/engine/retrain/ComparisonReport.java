package io.varanus.engine.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes what the promotion gate saw: {@code comparison.json} (window counts, both models on the
 * held-back events and the validation data, every check with its verdict), {@code grades.png} (the
 * two grade distributions on the held-back events; a well-calibrated model on normal traffic
 * follows the diagonal), {@code agreement.png} (each held-back event's grade by both models) and
 * {@code report.html} showing them.
 */
public final class ComparisonReport {

  private final RetrainJob.Result result;
  private final String window;
  private final String decision;

  /**
   * @param decision what happened to the candidate, e.g. "promoted" or "refused"
   */
  public ComparisonReport(RetrainJob.Result result, String window, String decision) {
    this.result = result;
    this.window = window;
    this.decision = decision;
  }

  public Map<String, Object> json() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("window", window);
    j.put("candidate_version", result.candidate().version());
    j.put("current_version", result.comparison().current().version());
    j.put("gate_passed", result.verdict().passed());
    j.put("decision", decision);
    j.put("counts", result.counts().toJson());
    j.put("comparison", result.comparison().toJson());
    j.put("checks", result.verdict().toJson());
    return j;
  }

  /** The checks as the CLI prints them. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    Comparison c = result.comparison();
    sb.append(String.format("%-12s %-28s %10s %8s%n", "model", "version", "alerts", "of events"));
    for (Comparison.Side s : new Comparison.Side[] {c.current(), c.candidate()}) {
      sb.append(
          String.format(
              "%-12s %-28s %10d %8d%n",
              s == c.current() ? "current" : "candidate", s.version(), s.alerts(), s.events()));
    }
    if (c.hasValidation()) {
      sb.append(
          String.format(
              "validation AUROC  current %.4f  candidate %.4f;  recall at threshold  current %.4f"
                  + "  candidate %.4f%n",
              c.currentValidation().auroc(),
              c.candidateValidation().auroc(),
              c.currentValidation().atThreshold().recall(),
              c.candidateValidation().atThreshold().recall()));
    }
    for (PromotionGate.Check k : result.verdict().checks()) {
      sb.append(k.passed() ? "  pass  " : "  FAIL  ").append(k.detail()).append('\n');
    }
    return sb.toString();
  }

  public void write(Path dir) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(dir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("comparison.json").toFile(), json());
      gradeChart(dir.resolve("grades.png"));
      agreementChart(dir.resolve("agreement.png"));
      Files.writeString(dir.resolve("report.html"), html());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report to " + dir + ": " + e.getMessage(), e);
    }
  }

  private void gradeChart(Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title("Grades on the held-back events (share at or below)")
            .xAxisTitle("grade")
            .yAxisTitle("share of events")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    Comparison c = result.comparison();
    for (Comparison.Side s : new Comparison.Side[] {c.current(), c.candidate()}) {
      double[] g = s.grades().clone();
      Arrays.sort(g);
      int points = Math.min(g.length, 500);
      double[] xs = new double[points];
      double[] ys = new double[points];
      for (int k = 0; k < points; k++) {
        int i = (int) ((long) k * (g.length - 1) / Math.max(1, points - 1));
        xs[k] = g[i];
        ys[k] = (i + 1) / (double) g.length;
      }
      String name = (s == c.current() ? "current " : "candidate ") + s.version();
      if (points > 0) {
        chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
      }
    }
    chart
        .addSeries("ideal on normal traffic", new double[] {0, 100}, new double[] {0, 1})
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Each held-back event as a point: its grade by the current model and by the candidate. */
  private void agreementChart(Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title("Held-back events: grade by each model")
            .xAxisTitle("grade by the current model")
            .yAxisTitle("grade by the candidate")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setLegendVisible(false);
    Comparison c = result.comparison();
    if (c.current().events() > 0) {
      chart.addSeries("event", c.current().grades(), c.candidate().grades());
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private String html() {
    return "<!doctype html><html><head><meta charset=\"utf-8\">"
        + "<title>Varanus retrain: "
        + escape(result.candidate().version())
        + "</title><style>body{font-family:sans-serif;margin:2em}</style></head><body>"
        + "<h1>Retrain "
        + escape(decision)
        + "</h1><p>window: "
        + escape(window)
        + "</p><pre>"
        + escape(table())
        + "</pre><img src=\"grades.png\" alt=\"grade distributions\">"
        + "<img src=\"agreement.png\" alt=\"grades by both models\">"
        + "<p>All numbers: <a href=\"comparison.json\">comparison.json</a></p></body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
