package io.varanus.connectors.generate;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * sshd lines of a bastion host's auth.log (RFC 3164). Normal: a stable population of users log in
 * from their own internal (and a few VPN) addresses in office-hour rhythm, with publickey or
 * password, an occasional mistyped password first, session open and close, and internal monitoring
 * probes. Attacks: brute force (one external address, many failed passwords mostly for invalid or
 * system users, seconds apart) and password spraying (few addresses, valid user names, one try
 * each, minutes apart, rarely a success).
 */
final class SshGenerator extends StreamGenerator {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static final String[] USERS = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "xavier", "yasmin",
    "zoe", "deploy", "backup", "jenkins", "ansible"
  };

  /** Drift: users who joined later, with their own subnet. */
  private static final String[] NEW_USERS = {
    "amara", "bjorn", "chen", "dmitri", "esra", "farah", "gustavo", "hana", "ines", "jomo"
  };

  private static final String[] GUESSED = {
    "root", "admin", "test", "user", "oracle", "ubuntu", "git", "postgres", "guest", "ftpuser",
    "pi", "support", "mysql", "hadoop", "nagios", "www", "tomcat", "minecraft", "student", "info"
  };

  private final String[] homeIp = new String[USERS.length];
  private final boolean[] usesKey = new boolean[USERS.length];
  private final String[] newHomeIp;
  private int pid = 20000;

  SshGenerator(GeneratorConfig config) {
    super(config, 45);
    for (int i = 0; i < USERS.length; i++) {
      homeIp[i] = chance(0.15) ? externalIp() : internalIp(4, 7);
      usesKey[i] = chance(0.7);
    }
    newHomeIp = new String[drifting() ? NEW_USERS.length : 0];
    for (int i = 0; i < newHomeIp.length; i++) {
      newHomeIp[i] = internalIp(12, 13);
    }
  }

  private String line(long t, int p, String message) {
    return TIME.format(instant(t)) + " bastion sshd[" + p + "]: " + message;
  }

  @Override
  void normalSession(long t) {
    if (chance(0.1)) {
      int p = nextPid();
      emitNormal(
          t, line(t, p, "Connection closed by 10.0.0.5 port " + ephemeralPort() + " [preauth]"));
      return;
    }
    if (drifted()) {
      newUserSession(t);
      return;
    }
    int u = rnd.nextInt(USERS.length);
    String user = USERS[u];
    String ip = chance(0.9) ? homeIp[u] : internalIp(4, 7);
    int port = ephemeralPort();
    int p = nextPid();
    long at = t;
    boolean key = usesKey[u] && chance(0.95);
    if (!key && chance(0.12)) {
      emitNormal(
          at,
          line(at, p, "Failed password for " + user + " from " + ip + " port " + port + " ssh2"));
      at += seconds(2 + exponential(4));
    }
    String method = key ? "publickey" : "password";
    String suffix = key ? ": ED25519 SHA256:" + fingerprint(u) : "";
    session(at, p, user, 1000 + u, ip, port, method, suffix);
  }

  /** A drifted session: a user who joined later, from the new subnet, with a key. */
  private void newUserSession(long t) {
    int u = rnd.nextInt(NEW_USERS.length);
    int port = ephemeralPort();
    int p = nextPid();
    String suffix = ": ED25519 SHA256:" + fingerprint(100 + u);
    session(t, p, NEW_USERS[u], 2000 + u, newHomeIp[u], port, "publickey", suffix);
  }

  /** An accepted login at {@code at}, its session opened, and its end some minutes later. */
  private void session(
      long at, int p, String user, int uid, String ip, int port, String method, String suffix) {
    emitNormal(
        at,
        line(
            at,
            p,
            "Accepted "
                + method
                + " for "
                + user
                + " from "
                + ip
                + " port "
                + port
                + " ssh2"
                + suffix));
    emitNormal(
        at,
        line(
            at,
            p,
            "pam_unix(sshd:session): session opened for user "
                + user
                + "(uid="
                + uid
                + ") by (uid=0)"));
    long end = at + seconds(logNormal(900, 1.2));
    emitNormal(
        end,
        line(
            end,
            p,
            "Received disconnect from " + ip + " port " + port + ":11: disconnected by user"));
    emitNormal(end, line(end, p, "Disconnected from user " + user + " " + ip + " port " + port));
    emitNormal(end, line(end, p, "pam_unix(sshd:session): session closed for user " + user));
  }

  private static String fingerprint(int u) {
    return Integer.toHexString(0x9e3779b9 * (u + 1)) + "q3v" + u + "Kx";
  }

  @Override
  void attackBurst(long t) {
    if (chance(0.7)) {
      bruteForce(t);
    } else {
      spraying(t);
    }
  }

  private void bruteForce(long t) {
    String ip = externalIp();
    int attempts = (int) Math.min(400, logNormal(60, 0.8));
    double pace = 0.5 + rnd.nextDouble() * 4;
    long at = t;
    for (int i = 0; i < attempts; i++) {
      int p = nextPid();
      int port = ephemeralPort();
      String user = chance(0.4) ? "root" : (chance(0.1) ? pick(USERS) : pick(GUESSED));
      boolean valid = user.equals("root") || contains(USERS, user);
      if (!valid) {
        emitAttack(
            at,
            line(at, p, "Invalid user " + user + " from " + ip + " port " + port),
            "brute_force");
        emitAttack(
            at,
            line(at, p, "input_userauth_request: invalid user " + user + " [preauth]"),
            "brute_force");
      }
      emitAttack(
          at,
          line(
              at,
              p,
              "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost="
                  + ip
                  + (valid ? "  user=" + user : "")),
          "brute_force");
      long failAt = at + seconds(1 + rnd.nextDouble());
      emitAttack(
          failAt,
          line(
              failAt,
              p,
              "Failed password for "
                  + (valid ? "" : "invalid user ")
                  + user
                  + " from "
                  + ip
                  + " port "
                  + port
                  + " ssh2"),
          "brute_force");
      if (chance(0.5)) {
        emitAttack(
            failAt,
            line(
                failAt,
                p,
                "Received disconnect from " + ip + " port " + port + ":11: Bye Bye [preauth]"),
            "brute_force");
      } else {
        emitAttack(
            failAt,
            line(
                failAt,
                p,
                "Disconnected from "
                    + (valid ? "authenticating user " : "invalid user ")
                    + user
                    + " "
                    + ip
                    + " port "
                    + port
                    + " [preauth]"),
            "brute_force");
      }
      at += seconds(exponential(pace));
    }
  }

  private void spraying(long t) {
    String[] ips = {externalIp(), externalIp(), externalIp()};
    int users = between(6, USERS.length);
    long at = t;
    for (int i = 0; i < users; i++) {
      String user = USERS[(i * 7) % USERS.length];
      String ip = pick(ips);
      int p = nextPid();
      int port = ephemeralPort();
      if (chance(0.03)) {
        emitAttack(
            at,
            line(
                at, p, "Accepted password for " + user + " from " + ip + " port " + port + " ssh2"),
            "password_spraying");
        emitAttack(
            at,
            line(
                at,
                p,
                "pam_unix(sshd:session): session opened for user "
                    + user
                    + "(uid="
                    + (1000 + i)
                    + ") by (uid=0)"),
            "password_spraying");
      } else {
        emitAttack(
            at,
            line(at, p, "Failed password for " + user + " from " + ip + " port " + port + " ssh2"),
            "password_spraying");
        long end = at + seconds(0.5 + rnd.nextDouble());
        emitAttack(
            end,
            line(
                end,
                p,
                "Connection closed by authenticating user "
                    + user
                    + " "
                    + ip
                    + " port "
                    + port
                    + " [preauth]"),
            "password_spraying");
      }
      at += seconds(logNormal(120, 0.7));
    }
  }

  private static boolean contains(String[] items, String s) {
    for (String i : items) {
      if (i.equals(s)) {
        return true;
      }
    }
    return false;
  }

  private int nextPid() {
    pid += between(1, 40);
    if (pid > 4_000_000) {
      pid = 20000;
    }
    return pid;
  }
}
