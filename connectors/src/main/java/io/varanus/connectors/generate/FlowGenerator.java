package io.varanus.connectors.generate;

import java.util.Locale;

/**
 * Flow records of a small office network as CSV rows ({@link LogStream#FLOW_COLUMNS}). Normal:
 * clients resolve names, browse, fetch mail, use file shares and ssh, and a nightly backup moves
 * large volumes internally. Attacks: port scans (one source, hundreds of short flows to many ports,
 * mostly rejected or unanswered) and exfiltration (an internal host sending far more than it
 * receives to a rarely seen external address over HTTPS or DNS).
 */
final class FlowGenerator extends StreamGenerator {

  private static final String[] SERVICES = {
    "dns", "dns", "dns", "https", "https", "https", "http", "smtp", "smb", "ssh"
  };
  private final String[] clients = new String[200];
  private final String[] sites = new String[300];

  /** Drift: clients of an office that opened later. */
  private final String[] newClients;

  FlowGenerator(GeneratorConfig config) {
    super(config, 0.5);
    for (int i = 0; i < clients.length; i++) {
      clients[i] = internalIp(1, 9);
    }
    for (int i = 0; i < sites.length; i++) {
      sites[i] = externalIp();
    }
    newClients = new String[drifting() ? 60 : 0];
    for (int i = 0; i < newClients.length; i++) {
      newClients[i] = internalIp(20, 21);
    }
  }

  private static String row(
      long t,
      String src,
      int sport,
      String dst,
      int dport,
      String proto,
      double duration,
      long out,
      long in,
      long pktOut,
      long pktIn,
      String state,
      String attackClass) {
    String label =
        attackClass.equals(GeneratedEvent.NORMAL) ? GeneratedEvent.NORMAL : GeneratedEvent.ATTACK;
    return instant(t)
        + ","
        + src
        + ","
        + sport
        + ","
        + dst
        + ","
        + dport
        + ","
        + proto
        + ","
        + String.format(Locale.ROOT, "%.6f", duration)
        + ","
        + out
        + ","
        + in
        + ","
        + pktOut
        + ","
        + pktIn
        + ","
        + state
        + ","
        + label
        + ","
        + attackClass;
  }

  private void normal(
      long t,
      String src,
      String dst,
      int dport,
      String proto,
      double duration,
      long out,
      long in,
      String state) {
    emitNormal(
        t,
        row(
            t,
            src,
            ephemeralPort(),
            dst,
            dport,
            proto,
            duration,
            out,
            in,
            packets(out),
            packets(in),
            state,
            GeneratedEvent.NORMAL));
  }

  private static long packets(long bytes) {
    return bytes == 0 ? 0 : 1 + bytes / 1200;
  }

  @Override
  void normalSession(long t) {
    if (isBackupWindow(t) && chance(0.02)) {
      normal(
          t,
          "10.0.2.10",
          "10.0.9.9",
          873,
          "tcp",
          logNormal(600, 0.5),
          (long) logNormal(4e9, 0.6),
          (long) logNormal(2e6, 0.5),
          "SF");
      return;
    }
    String client = drifted() ? pick(newClients) : clients[rnd.nextInt(clients.length)];
    if (drifted()) {
      newService(t, client);
      return;
    }
    switch (pick(SERVICES)) {
      case "dns" ->
          normal(
              t,
              client,
              "10.0.0.53",
              53,
              "udp",
              logNormal(0.01, 0.8),
              between(40, 90),
              between(60, 300),
              "SF");
      case "https" ->
          normal(
              t,
              client,
              sites[rnd.nextInt(sites.length)],
              443,
              "tcp",
              logNormal(8, 1.3),
              (long) logNormal(2500, 0.9),
              (long) logNormal(60000, 1.5),
              chance(0.95) ? "SF" : "RSTO");
      case "http" ->
          normal(
              t,
              client,
              sites[rnd.nextInt(sites.length)],
              80,
              "tcp",
              logNormal(2, 1.0),
              (long) logNormal(700, 0.5),
              (long) logNormal(20000, 1.2),
              "SF");
      case "smtp" ->
          normal(
              t,
              client,
              "10.0.0.25",
              587,
              "tcp",
              logNormal(1.5, 0.6),
              (long) logNormal(30000, 1.5),
              between(800, 2000),
              "SF");
      case "smb" ->
          normal(
              t,
              client,
              "10.0.0.20",
              445,
              "tcp",
              logNormal(30, 1.2),
              (long) logNormal(20000, 1.5),
              (long) logNormal(500000, 1.8),
              "SF");
      default ->
          normal(
              t,
              client,
              "10.0.0.22",
              22,
              "tcp",
              logNormal(600, 1.2),
              (long) logNormal(40000, 1.2),
              (long) logNormal(200000, 1.4),
              chance(0.1) ? "REJ" : "SF");
    }
  }

  /** Drift: a service introduced later: QUIC to the web, or the new internal app over TLS. */
  private void newService(long t, String client) {
    if (chance(0.5)) {
      normal(
          t,
          client,
          sites[rnd.nextInt(sites.length)],
          443,
          "udp",
          logNormal(6, 1.2),
          (long) logNormal(3000, 0.9),
          (long) logNormal(80000, 1.4),
          "SF");
    } else {
      normal(
          t,
          client,
          "10.0.9.20",
          8443,
          "tcp",
          logNormal(4, 1.0),
          (long) logNormal(5000, 0.8),
          (long) logNormal(40000, 1.0),
          "SF");
    }
  }

  private static boolean isBackupWindow(long t) {
    int hour = instant(t).atZone(java.time.ZoneOffset.UTC).getHour();
    return hour >= 1 && hour < 4;
  }

  @Override
  void attackBurst(long t) {
    if (chance(0.6)) {
      portScan(t);
    } else {
      exfiltration(t);
    }
  }

  private void portScan(long t) {
    String src = chance(0.5) ? externalIp() : clients[rnd.nextInt(clients.length)];
    String dst = chance(0.5) ? "10.0.0." + between(2, 60) : clients[rnd.nextInt(clients.length)];
    int n = between(50, 500);
    boolean sequential = chance(0.5);
    int firstPort = between(1, 2000);
    long at = t;
    for (int i = 0; i < n; i++) {
      int port = sequential ? firstPort + i : between(1, 65535);
      boolean open = chance(0.03);
      String state = open ? "SF" : (chance(0.6) ? "REJ" : "S0");
      long in = open ? between(40, 400) : (state.equals("REJ") ? 40 : 0);
      emitAttack(
          at,
          row(
              at,
              src,
              between(40000, 65000),
              dst,
              port,
              "tcp",
              open ? rnd.nextDouble() * 0.05 : rnd.nextDouble() * 0.003,
              between(40, 60),
              in,
              1,
              in == 0 ? 0 : 1,
              state,
              "port_scan"),
          "port_scan");
      at += seconds(exponential(0.02));
    }
  }

  private void exfiltration(long t) {
    String src = clients[rnd.nextInt(clients.length)];
    String dst = externalIp();
    boolean dns = chance(0.3);
    int n = dns ? between(40, 200) : between(2, 12);
    long at = t;
    for (int i = 0; i < n; i++) {
      if (dns) {
        emitAttack(
            at,
            row(
                at,
                src,
                ephemeralPort(),
                dst,
                53,
                "udp",
                logNormal(0.05, 0.5),
                between(200, 500),
                between(60, 200),
                1,
                1,
                "SF",
                "exfiltration"),
            "exfiltration");
        at += seconds(exponential(1.5));
      } else {
        long out = (long) logNormal(8e7, 1.0);
        emitAttack(
            at,
            row(
                at,
                src,
                ephemeralPort(),
                dst,
                443,
                "tcp",
                logNormal(300, 0.8),
                out,
                (long) logNormal(20000, 0.6),
                packets(out),
                20,
                "SF",
                "exfiltration"),
            "exfiltration");
        at += seconds(exponential(120));
      }
    }
  }
}
