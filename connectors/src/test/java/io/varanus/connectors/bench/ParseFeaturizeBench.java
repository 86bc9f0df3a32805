package io.varanus.connectors.bench;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.feature.FeatureSpec;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Parse + featurize on one thread, from raw bytes to feature vector, per generator stream: sshd
 * lines (syslog), combined access-log lines and flow CSV rows. The featurizer is fitted on the same
 * lines first. Usage: see docs/BENCHMARKS.md. Argument: seconds per stream (default 5).
 */
public final class ParseFeaturizeBench {

  private static final int EVENTS = 100_000;
  private static final String FLOW_SPEC =
      """
      features:
        numeric:
          - {field: duration, transform: log1p, missing-indicator: false}
          - {field: bytes_out, transform: log1p, missing-indicator: false}
          - {field: bytes_in, transform: log1p, missing-indicator: false}
          - {field: packets_out, transform: log1p, missing-indicator: false}
          - {field: packets_in, transform: log1p, missing-indicator: false}
        categorical:
          - {field: proto, top-k: 5}
          - {field: dst_port, top-k: 30, min-count: 5}
          - {field: conn_state, top-k: 12}
        time: {time-of-day: true}
        windows:
          - {key: src_ip, length: 1m, count: true, distinct: [dst_port, dst_ip]}
      """;

  private ParseFeaturizeBench() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    Path specs = Path.of("connectors/src/test/resources/feature");
    System.out.printf(
        "cores=%d  java=%s  events/stream=%d%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), EVENTS);
    System.out.printf(
        "%-8s %-12s %6s %14s %12s%n", "stream", "format", "width", "events/s", "ns/event");
    run(LogStream.SSH, FeatureSpec.fromYaml(specs.resolve("ssh-auth.yml")), seconds);
    run(LogStream.WEB, FeatureSpec.fromYaml(specs.resolve("web-access.yml")), seconds);
    run(LogStream.FLOW, FeatureSpec.fromYaml(FLOW_SPEC), seconds);
  }

  private static void run(LogStream stream, FeatureSpec spec, double seconds) {
    GeneratorConfig config = GeneratorConfig.of(stream, EVENTS, 0.03, 11);
    List<RawRecord> records = new ArrayList<>();
    String header = stream.header();
    long line = 1;
    if (header != null) {
      records.add(RawRecord.of(Origin.file("bench", line++), header));
    }
    for (GeneratedEvent e : SecurityLogGenerator.generate(config)) {
      records.add(
          RawRecord.of(Origin.file("bench", line++), e.line().getBytes(StandardCharsets.UTF_8)));
    }
    Clock clock = Clock.fixed(config.start(), ZoneOffset.UTC);
    LogFormat format = LogFormats.create(stream.formatName(), stream.formatOptions(config), clock);
    List<LogEvent> events = new ArrayList<>();
    for (RawRecord r : records) {
      try {
        events.add(format.parse(r));
      } catch (InvalidEventException e) {
        // the CSV header line
      }
    }
    FeaturizerState state = Featurizer.fit(spec, events, clock);
    long sink = 0;
    long n = 0;
    for (int round = 0; round < 2; round++) {
      sink += pass(format, Featurizer.create(state, clock), records);
    }
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      sink += pass(format, Featurizer.create(state, clock), records);
      n += records.size();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-8s %-12s %6d %14.0f %12.0f%s%n",
        stream.name().toLowerCase(java.util.Locale.ROOT),
        stream.formatName(),
        Featurizer.create(state, clock).schema().width(),
        n / elapsed,
        elapsed * 1e9 / n,
        sink == 0 ? " !" : "");
  }

  private static long pass(LogFormat format, Featurizer featurizer, List<RawRecord> records) {
    long sink = 0;
    for (RawRecord r : records) {
      try {
        sink += featurizer.apply(format.parse(r)).width();
      } catch (InvalidEventException e) {
        sink++;
      }
    }
    return sink;
  }
}
