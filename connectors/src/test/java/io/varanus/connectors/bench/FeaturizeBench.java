package io.varanus.connectors.bench;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.feature.FeatureSpec;
import io.varanus.connectors.feature.FeatureVector;
import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Featurizing throughput on one thread for the three example specs (ssh auth, web access, flow
 * CSV): events are built beforehand, the featurizer is fitted on them, then {@code apply} is timed
 * over several rounds. Usage: see docs/BENCHMARKS.md. Arguments: seconds per spec (default 3), seed
 * (default 7).
 */
public final class FeaturizeBench {

  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int EVENTS = 200_000;

  private FeaturizeBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    Path specs = Path.of("connectors/src/test/resources/feature");
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    System.out.printf(
        "cores=%d  java=%s  events/spec=%d%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), EVENTS);
    System.out.printf("%-16s %6s %14s %12s%n", "spec", "width", "events/s", "ns/event");
    String only = args.length > 2 ? args[2] : null;
    if (only == null || only.equals("ssh-auth.yml")) {
      run("ssh-auth.yml", specs, sshEvents(new Random(seed)), clock, seconds);
    }
    if (only == null || only.equals("web-access.yml")) {
      run("web-access.yml", specs, webEvents(new Random(seed)), clock, seconds);
    }
    if (only == null || only.equals("flow-nslkdd.yml")) {
      run("flow-nslkdd.yml", specs, flowEvents(new Random(seed)), clock, seconds);
    }
  }

  private static void run(String spec, Path dir, List<LogEvent> events, Clock clock, double s) {
    FeaturizerState state = Featurizer.fit(FeatureSpec.fromYaml(dir.resolve(spec)), events, clock);
    Featurizer f = Featurizer.create(state, clock);
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      for (LogEvent e : events) {
        sink += f.apply(e).width();
      }
    }
    long n = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (s * 1e9);
    while (System.nanoTime() < deadline) {
      for (LogEvent e : events) {
        FeatureVector v = f.apply(e);
        sink += v.width();
      }
      n += events.size();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-16s %6d %14.0f %12.0f%s%n",
        spec, f.schema().width(), n / elapsed, elapsed * 1e9 / n, sink == 0 ? " !" : "");
  }

  private static LogEvent event(long millis, Map<String, Object> fields, long line) {
    return new LogEvent(T0.plusMillis(millis), fields, Origin.file("bench", line));
  }

  static List<LogEvent> sshEvents(Random r) {
    String[] users = {"alice", "bob", "carol", "dave", "erin", "root", "admin", "deploy"};
    List<LogEvent> out = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      String ip = "10.0." + r.nextInt(4) + "." + r.nextInt(250);
      String user = users[r.nextInt(users.length)];
      boolean ok = r.nextInt(10) > 0;
      int port = 1024 + r.nextInt(60000);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event.action", ok ? "accepted-password" : "failed-password");
      m.put("event.outcome", ok ? "success" : "failure");
      m.put("user.name", user);
      m.put("source.ip", ip);
      m.put("source.port", (long) port);
      m.put(
          "message",
          (ok ? "Accepted password for " : "Failed password for ")
              + user
              + " from "
              + ip
              + " port "
              + port
              + " ssh2");
      out.add(event(i * 50L, m, i));
    }
    return out;
  }

  static List<LogEvent> webEvents(Random r) {
    String[] methods = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    String[] paths = {"/", "/index.html", "/api/v1/items/", "/static/app.js", "/login", "/cart"};
    long[] codes = {200, 200, 200, 304, 404, 500, 302};
    List<LogEvent> out = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source.ip", "192.168." + r.nextInt(8) + "." + r.nextInt(250));
      m.put("http.request.method", methods[r.nextInt(methods.length)]);
      String path = paths[r.nextInt(paths.length)];
      m.put("url.path", path.endsWith("/") && path.length() > 1 ? path + r.nextInt(5000) : path);
      if (r.nextBoolean()) {
        m.put(
            "url.query",
            "q=" + Long.toString(r.nextLong() & 0xffffff, 36) + "&page=" + r.nextInt(9));
      }
      m.put("http.response.status_code", codes[r.nextInt(codes.length)]);
      m.put("http.response.body.bytes", (long) r.nextInt(200_000));
      m.put("event.duration", r.nextDouble() * 1e6);
      out.add(event(i * 20L, m, i));
    }
    return out;
  }

  static List<LogEvent> flowEvents(Random r) {
    String[] numeric = {
      "duration",
      "src_bytes",
      "dst_bytes",
      "wrong_fragment",
      "urgent",
      "hot",
      "num_failed_logins",
      "logged_in",
      "num_compromised",
      "root_shell",
      "num_root",
      "num_file_creations",
      "count",
      "srv_count",
      "serror_rate",
      "rerror_rate",
      "same_srv_rate",
      "diff_srv_rate",
      "dst_host_count",
      "dst_host_srv_count",
      "dst_host_same_srv_rate",
      "dst_host_serror_rate"
    };
    String[] protocols = {"tcp", "udp", "icmp"};
    String[] services = {"http", "smtp", "ftp_data", "domain_u", "private", "ecr_i", "telnet"};
    String[] flags = {"SF", "S0", "REJ", "RSTR", "SH"};
    List<LogEvent> out = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String f : numeric) {
        boolean rate = f.endsWith("rate");
        m.put(f, rate ? (Object) r.nextDouble() : (Object) (long) r.nextInt(rate ? 1 : 5000));
      }
      m.put("protocol_type", protocols[r.nextInt(protocols.length)]);
      m.put("service", services[r.nextInt(services.length)]);
      m.put("flag", flags[r.nextInt(flags.length)]);
      out.add(new LogEvent(null, m, Origin.file("bench", i)));
    }
    return out;
  }
}
