package io.varanus.engine.offline;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.EventSource;
import io.varanus.connectors.source.FileEventSource;
import io.varanus.connectors.source.RawRecord;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads files (plain or .gz, globs, "-" for stdin) with the configured log format and hands every
 * parsed event to a consumer, with its label when labels are known: from the event's label field,
 * or else from a sidecar {@code <file>.labels.csv} ({@code line,label[,attack_class]}; for {@code
 * x.log.gz} also {@code x.log.labels.csv}) as the generator writes. Invalid records are counted by
 * reason, never fatal. Also digests the raw bytes, for provenance.
 */
public final class EventReader {

  private final EngineConfig.InputConfig input;
  private final List<String> paths;
  private final Supplier<EventSource> opener;
  private final String labelField;
  private final String classField;
  private final MessageDigest digest;
  private final ReadStats stats = new ReadStats();
  private Consumer<RawRecord> headers;

  public EventReader(
      EngineConfig.InputConfig input, List<String> paths, String labelField, String classField) {
    this(input, paths, null, labelField, classField);
    for (String p : paths) {
      if (!p.equals("-") && !hasGlob(p) && !Files.exists(Path.of(p))) {
        throw new ConfigException("Input file " + p + " does not exist");
      }
    }
    if (paths.stream().anyMatch(EventReader::hasGlob)) {
      openSource().close();
    }
  }

  /**
   * Reads another source (a Kafka range, say) the same way; {@code opener} opens it afresh for
   * every {@link #forEach}, and {@code description} names it in messages.
   */
  public EventReader(
      EngineConfig.InputConfig input,
      String description,
      Supplier<EventSource> opener,
      String labelField,
      String classField) {
    this(input, List.of(description), opener, labelField, classField);
  }

  private EventReader(
      EngineConfig.InputConfig input,
      List<String> paths,
      Supplier<EventSource> opener,
      String labelField,
      String classField) {
    this.input = input;
    this.paths = List.copyOf(paths);
    this.opener = opener;
    this.labelField = labelField;
    this.classField = classField;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Hands the records the format consumed as headers (a CSV header line, Zeek directives) to {@code
   * sink} as well, in order; a replay store keeps them so that its events parse again later.
   */
  public EventReader onHeader(Consumer<RawRecord> sink) {
    this.headers = sink;
    return this;
  }

  /** Reads everything, in order. */
  public ReadStats forEach(Consumer<LabeledEvent> sink) {
    LogFormat format = format();
    Map<String, Map<Long, String[]>> sidecars = new HashMap<>();
    try (EventSource source = opener != null ? opener.get() : openSource()) {
      while (!source.isFinished()) {
        for (RawRecord r : source.poll(Duration.ofMillis(100))) {
          stats.record();
          digest.update(r.value());
          LogEvent e;
          try {
            e = format.parse(r);
          } catch (InvalidEventException ex) {
            if (headers != null && ex.reason() == InvalidEventException.Reason.HEADER) {
              headers.accept(r);
            }
            if (ex.reason().isMalformed()) {
              stats.invalid(ex.reason().name(), ex.getMessage());
            }
            continue;
          }
          stats.event();
          String[] label = label(e, sidecars);
          sink.accept(new LabeledEvent(e, r, label[0], label[1]));
        }
      }
      stats.notes(format.notes());
    } catch (Exception e) {
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Reading " + paths + " failed: " + e.getMessage(), e);
    }
    return stats;
  }

  public ReadStats stats() {
    return stats;
  }

  public String digest() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens the files; a glob that matches nothing is a usage error, like a missing file. */
  private FileEventSource openSource() {
    try {
      return new FileEventSource(paths);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--input: " + e.getMessage(), e);
    }
  }

  private LogFormat format() {
    try {
      return LogFormats.create(input.format(), input.options());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("input: " + e.getMessage(), e);
    }
  }

  private String[] label(LogEvent e, Map<String, Map<Long, String[]>> sidecars) {
    if (labelField == null) {
      return new String[] {null, null};
    }
    String label = e.string(labelField);
    String cls = classField == null ? null : e.string(classField);
    if (label == null) {
      Map<Long, String[]> side =
          sidecars.computeIfAbsent(e.origin().source(), EventReader::sidecar);
      String[] l = side.get(e.origin().offset());
      if (l != null) {
        label = l[0];
        cls = cls == null ? l[1] : cls;
      }
    }
    return new String[] {label, cls};
  }

  private static Map<Long, String[]> sidecar(String source) {
    Map<Long, String[]> labels = new HashMap<>();
    Path file = Path.of(source + ".labels.csv");
    if (!Files.exists(file) && source.endsWith(".gz")) {
      file = Path.of(source.substring(0, source.length() - 3) + ".labels.csv");
    }
    if (!Files.exists(file)) {
      return labels;
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        String[] parts = lines.get(i).split(",", -1);
        if (parts.length >= 2) {
          labels.put(
              Long.parseLong(parts[0].trim()),
              new String[] {parts[1].trim(), parts.length > 2 ? parts[2].trim() : null});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read labels " + file + ": " + e.getMessage(), e);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          file + ": the first column must be a line number: " + e.getMessage());
    }
    return labels;
  }

  private static boolean hasGlob(String p) {
    return p.contains("*") || p.contains("?") || p.contains("[") || p.contains("{");
  }

  /** A stable hash in [0, 1) of an event's file name and line, for hold-out splits. */
  public static double splitHash(Origin origin, long seed) {
    String name =
        origin.isKafka() ? origin.source() : Path.of(origin.source()).getFileName().toString();
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    h = mix(h ^ origin.partition());
    h = mix(h ^ origin.offset());
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
