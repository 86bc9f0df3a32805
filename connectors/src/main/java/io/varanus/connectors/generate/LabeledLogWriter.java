package io.varanus.connectors.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes generated logs to files with their labels. The log file holds exactly what a real system
 * would write (flow CSV files start with their header and carry {@code label} and {@code
 * attack_class} columns). Next to it, {@code <file>.labels.csv} holds {@code
 * line,label,attack_class} for every event, where {@code line} is the 1-based line number in the
 * log file, the same number a file source puts in the event's origin.
 */
public final class LabeledLogWriter {

  /** The label of one line of a generated file. */
  public record LineLabel(long line, String label, String attackClass) {}

  private LabeledLogWriter() {}

  /** The sidecar label file of a log file. */
  public static Path labelsPath(Path log) {
    return log.resolveSibling(log.getFileName() + ".labels.csv");
  }

  /** Generates the config's events into {@code log} and its label sidecar; returns the count. */
  public static long write(GeneratorConfig config, Path log) throws IOException {
    Iterator<GeneratedEvent> events = SecurityLogGenerator.iterator(config);
    long count = 0;
    try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        BufferedWriter labels = Files.newBufferedWriter(labelsPath(log), StandardCharsets.UTF_8)) {
      labels.write("line,label,attack_class\n");
      long line = 0;
      String header = config.stream().header();
      if (header != null) {
        out.write(header);
        out.write('\n');
        line++;
      }
      while (events.hasNext()) {
        GeneratedEvent e = events.next();
        out.write(e.line());
        out.write('\n');
        line++;
        labels.write(line + "," + e.label() + "," + e.attackClass() + "\n");
        count++;
      }
    }
    return count;
  }

  /** Reads a label sidecar written by {@link #write}. */
  public static List<LineLabel> readLabels(Path log) throws IOException {
    List<LineLabel> out = new ArrayList<>();
    try (var lines = Files.lines(labelsPath(log), StandardCharsets.UTF_8)) {
      lines
          .skip(1)
          .map(l -> l.split(",", 3))
          .forEach(p -> out.add(new LineLabel(Long.parseLong(p[0]), p[1], p[2])));
    }
    return out;
  }
}
