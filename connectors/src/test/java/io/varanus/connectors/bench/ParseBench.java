package io.varanus.connectors.bench;

import io.varanus.connectors.Origin;
import io.varanus.connectors.generate.GeneratedEvent;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LogStream;
import io.varanus.connectors.generate.SecurityLogGenerator;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.connectors.source.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing throughput per format on one thread, over generated lines held in memory: the median and
 * best of 11 rounds of 100,000 records (the first rounds warm the JIT). Run from the repository
 * root after {@code mvn -q -pl connectors test-compile}:
 *
 * <pre>
 * java -cp connectors/target/classes:connectors/target/test-classes:$(cat cp.txt) \
 *   io.varanus.connectors.bench.ParseBench
 * </pre>
 */
public final class ParseBench {

  private static final int LINES = 100_000;
  private static final int ROUNDS = 9;
  private static final long WARM_UP_NANOS = 5_000_000_000L;

  private ParseBench() {}

  private static List<String> selected = List.of();

  /** Arguments, if any, name the formats to measure. */
  public static void main(String[] args) {
    selected = List.of(args);
    System.out.printf(
        Locale.ROOT, "%-18s %12s %12s %10s%n", "format", "median ev/s", "best ev/s", "bytes/line");
    run("access-log", Map.of(), lines(LogStream.WEB, l -> l));
    GeneratorConfig flow = GeneratorConfig.of(LogStream.FLOW, LINES, 0.1, 1);
    run("csv", LogStream.FLOW.formatOptions(flow), lines(LogStream.FLOW, l -> l));
    run(
        "csv",
        Map.of("columns", LogStream.FLOW_COLUMNS),
        lines(LogStream.FLOW, l -> l),
        "csv (ts as text)");
    run("syslog", Map.of("year", 2024), lines(LogStream.SSH, l -> l));
    run("json", Map.of(), lines(LogStream.FLOW, ParseBench::flowAsJson));
    run(
        "zeek",
        Map.of("fields", "ts,src,sport,dst,dport,proto,duration,out,in,state"),
        lines(LogStream.FLOW, ParseBench::flowAsZeek));
    run("text", Map.of("preset", "hdfs"), hdfsLines());
  }

  private static List<RawRecord> lines(
      LogStream stream, java.util.function.UnaryOperator<String> map) {
    List<RawRecord> out = new ArrayList<>(LINES);
    long n = 1;
    for (GeneratedEvent e :
        SecurityLogGenerator.generate(GeneratorConfig.of(stream, LINES, 0.1, 1))) {
      out.add(RawRecord.of(new Origin("bench", 0, n++), map.apply(e.line())));
    }
    return out;
  }

  private static String flowAsJson(String csv) {
    String[] v = csv.split(",");
    return "{\"@timestamp\":\""
        + v[0]
        + "\",\"source\":{\"ip\":\""
        + v[1]
        + "\",\"port\":"
        + v[2]
        + "},\"destination\":{\"ip\":\""
        + v[3]
        + "\",\"port\":"
        + v[4]
        + "},\"network\":{\"transport\":\""
        + v[5]
        + "\"},\"event\":{\"duration\":"
        + v[6]
        + "},\"bytes_out\":"
        + v[7]
        + ",\"bytes_in\":"
        + v[8]
        + "}";
  }

  private static String flowAsZeek(String csv) {
    String[] v = csv.split(",");
    double ts = java.time.Instant.parse(v[0]).toEpochMilli() / 1000.0;
    return String.join(
        "\t",
        String.format(Locale.ROOT, "%.6f", ts),
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        v[8],
        v[11]);
  }

  private static List<RawRecord> hdfsLines() {
    List<RawRecord> out = new ArrayList<>(LINES);
    for (int i = 0; i < LINES; i++) {
      String line =
          String.format(
              Locale.ROOT,
              "081109 %02d%02d%02d %d INFO dfs.DataNode$PacketResponder: PacketResponder %d for block blk_%d terminating",
              i / 3600 % 24,
              i / 60 % 60,
              i % 60,
              100 + i % 50,
              i % 3,
              1000000007L * i);
      out.add(RawRecord.of(new Origin("bench", 0, i + 1), line));
    }
    return out;
  }

  private static long parseAll(LogFormat f, List<RawRecord> records) {
    long sink = 0;
    for (RawRecord r : records) {
      try {
        sink += f.parse(r).fields().size();
      } catch (RuntimeException e) {
        sink--;
      }
    }
    return sink;
  }

  private static void run(String name, Map<String, ?> options, List<RawRecord> records) {
    run(name, options, records, name);
  }

  private static void run(
      String name, Map<String, ?> options, List<RawRecord> records, String label) {
    if (!selected.isEmpty() && !selected.contains(name)) {
      return;
    }
    LogFormat f = LogFormats.create(name, options);
    long bytes = records.stream().mapToLong(RawRecord::length).sum();
    long sink = 0;
    long warmUntil = System.nanoTime() + WARM_UP_NANOS;
    while (System.nanoTime() < warmUntil) {
      sink += parseAll(f, records);
    }
    double[] rates = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      sink += parseAll(f, records);
      rates[round] = records.size() / ((System.nanoTime() - start) / 1e9);
    }
    java.util.Arrays.sort(rates);
    System.out.printf(
        Locale.ROOT,
        "%-18s %12.0f %12.0f %10d   (checksum %d)%n",
        label,
        rates[ROUNDS / 2],
        rates[ROUNDS - 1],
        bytes / records.size(),
        sink);
  }
}
