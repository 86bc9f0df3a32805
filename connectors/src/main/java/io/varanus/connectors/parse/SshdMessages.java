package io.varanus.connectors.parse;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what sshd says into fields: {@code event.action}, {@code event.outcome} ({@code success} or
 * {@code failure}), {@code user.name}, {@code source.ip} (or {@code source.domain} for a PAM rhost
 * that is a name), {@code source.port}, {@code ssh.invalid_user}, and for {@code Connection from}
 * lines {@code destination.ip} and {@code destination.port}. For accepted and failed
 * authentications the action is the method ({@code password}, {@code publickey}, {@code none},
 * {@code keyboard-interactive}); other forms have a fixed action. OpenSSH's own message strings are
 * the reference; the {@code error: } / {@code fatal: } prefixes its logging adds are read through.
 * Messages of no known form keep only their text (and the address of a {@code from IP port N}).
 */
final class SshdMessages {

  private static final String IP = "(?<ip>[0-9A-Fa-f:.]+(?:%\\w+)?)";
  private static final String PORT = "(?: port (?<port>\\d+))?";
  private static final String WHO =
      "(?:(?<invalid>invalid user )|authenticating user |user )?(?:(?<user>\\S+) )?";

  private record Rule(Pattern pattern, String regex, String action, String outcome) {

    String group(Matcher m, String name) {
      return regex.contains("(?<" + name + ">") ? m.group(name) : null;
    }
  }

  private static Rule rule(String regex, String action, String outcome) {
    return new Rule(Pattern.compile(regex), regex, action, outcome);
  }

  private static final List<Rule> RULES =
      List.of(
          rule("^Accepted (?<method>\\S+) for (?<user>.*?) from " + IP + PORT, null, "success"),
          rule(
              "^Failed (?<method>\\S+) for (?<invalid>invalid user )?(?<user>.*?) from "
                  + IP
                  + PORT,
              null,
              "failure"),
          rule("^Invalid user (?<user>.*?) from " + IP + PORT, "invalid_user", "failure"),
          rule(
              "^input_userauth_request: invalid user (?<user>.*?)(?: \\[preauth\\])?$",
              "invalid_user",
              "failure"),
          rule(
              "^error: maximum authentication attempts exceeded for (?<invalid>invalid user )?"
                  + "(?<user>.*?) from "
                  + IP
                  + PORT,
              "max_auth_attempts",
              "failure"),
          rule(
              "^Disconnecting(?::| " + WHO + IP + PORT + ":) Too many authentication failures",
              "too_many_auth_failures",
              "failure"),
          rule("^Disconnected from " + WHO + IP + PORT, "disconnect", null),
          rule("^Connection closed by " + WHO + IP + PORT, "connection_closed", null),
          rule("^Connection reset by " + WHO + IP + PORT, "connection_reset", null),
          rule("^Received disconnect from " + IP + PORT + ":", "received_disconnect", null),
          rule("^kex_exchange_identification: ", "kex_error", null),
          rule(".*\\[" + IP + "\\] failed - POSSIBLE BREAK-IN ATTEMPT", "break_in_attempt", null),
          rule("^Address " + IP + " maps to .*POSSIBLE BREAK-IN ATTEMPT", "break_in_attempt", null),
          rule("^(?:pam_unix\\(sshd:auth\\): )?authentication failure;", "auth_failure", "failure"),
          rule("^PAM (?<count>\\d+) more authentication failures?;", "auth_failure", "failure"),
          rule(
              "^(?:pam_unix\\(sshd:auth\\): )?check pass; user unknown", "user_unknown", "failure"),
          rule(
              "^pam_succeed_if\\(sshd:auth\\): requirement .* not met by user \"(?<user>[^\"]*)\"",
              "pam_requirement_not_met",
              "failure"),
          rule("^PAM service\\(sshd\\) ignoring max retries", "max_retries_exceeded", "failure"),
          rule(
              "^(?:pam_unix\\(sshd:session\\): )?session opened for user (?<user>[^\\s(]+)",
              "session_opened",
              "success"),
          rule(
              "^(?:pam_unix\\(sshd:session\\): )?session closed for user (?<user>\\S+)",
              "session_closed",
              null),
          rule(
              "^Did not receive identification string from " + IP + PORT,
              "no_identification",
              "failure"),
          rule(
              "^Bad protocol version identification .* from " + IP + PORT,
              "bad_protocol",
              "failure"),
          rule("^Unable to negotiate with " + IP + PORT, "negotiation_failed", "failure"),
          rule(
              "^Timeout before authentication for (?:connection from )?" + IP,
              "auth_timeout",
              "failure"),
          rule(
              "^User (?<user>\\S+) from "
                  + IP
                  + " not allowed because (?:not )?listed in (?:Deny|Allow)(?:Users|Groups)",
              "user_not_allowed",
              "failure"),
          rule(
              "^User (?<user>\\S+) from "
                  + IP
                  + " not allowed because (?:none of user's groups are listed in AllowGroups"
                  + "|a group is listed in DenyGroups|shell \\S+ (?:does not exist|is not executable)"
                  + "|account is locked|not listed in AllowUsers)",
              "user_not_allowed",
              "failure"),
          rule("^User (?<user>\\S+) not allowed because ", "user_not_allowed", "failure"),
          rule(
              "^Connection from "
                  + IP
                  + PORT
                  + " on (?<dip>[0-9A-Fa-f:.]+(?:%\\w+)?) port (?<dport>\\d+)",
              "connection",
              null),
          rule(
              "^Postponed (?<method>\\S+) for (?<invalid>invalid user )?(?<user>.*?) from "
                  + IP
                  + PORT,
              "postponed",
              null),
          rule(
              "^Starting session: .* for (?<user>\\S+) from " + IP + PORT,
              "session_started",
              "success"),
          rule("^Close session: user (?<user>\\S+) from " + IP + PORT, "session_closed", null),
          rule(
              "^(?:PAM: )?[Aa]uthentication failure for (?<invalid>illegal user |invalid user )?"
                  + "(?<user>\\S+) from (?<ip>\\S+)",
              "auth_failure",
              "failure"),
          rule(
              "^(?:banner exchange|ssh_dispatch_run_fatal|kex_protocol_error|Bad packet length)"
                  + ".*?(?:[Cc]onnection from )?"
                  + IP
                  + PORT
                  + ":",
              "protocol_error",
              "failure"),
          rule(
              "^(?:Protocol major versions differ|Bad remote protocol version identification)"
                  + ".*? for (?<ip>[0-9A-Fa-f:.]+?):?(?: |$)",
              "bad_protocol",
              "failure"),
          rule("^Server listening on ", "server_listening", null),
          rule("^Received signal \\d+; terminating", "server_stopped", null));

  /** Prefixes sshd's logging adds in front of a message ({@code error()}, {@code fatal()}, ...). */
  private static final Pattern LEVEL =
      Pattern.compile("^(?:error|fatal|Fatal|warning|debug\\d?|verbose): ");

  private static final Pattern RHOST = Pattern.compile("(?:^|\\s)rhost=(\\S+)");
  private static final Pattern PAM_USER = Pattern.compile("(?:^|\\s)user=(\\S+)");
  private static final Pattern FROM = Pattern.compile(" from " + IP + " port (?<port>\\d+)");

  private SshdMessages() {}

  /** True for sshd's own tags: sshd, sshd-session, sshd(pam_unix). */
  static boolean isSshd(String process) {
    return process != null && process.startsWith("sshd");
  }

  static void extract(String message, EventBuilder b) {
    String body = message;
    boolean fatal = false;
    for (Matcher level = LEVEL.matcher(body); level.lookingAt(); level = LEVEL.matcher(body)) {
      fatal |= level.group().toLowerCase(Locale.ROOT).startsWith("fatal");
      body = body.substring(level.end());
    }
    if (matchRule(message, b) || (!body.equals(message) && matchRule(body, b))) {
      return;
    }
    if (fatal) {
      b.put("event.action", "fatal");
    }
    Matcher m = FROM.matcher(message);
    if (m.find() && m.group("port").length() <= 9) {
      b.put("source.ip", m.group("ip"));
      b.put("source.port", Long.parseLong(m.group("port")));
    }
  }

  private static boolean matchRule(String message, EventBuilder b) {
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(message);
      if (m.lookingAt()) {
        apply(r, m, message, b);
        return true;
      }
    }
    return false;
  }

  private static void apply(Rule r, Matcher m, String message, EventBuilder b) {
    String method = r.group(m, "method");
    String action = r.action() != null ? r.action() : method(method);
    b.put("event.action", action);
    b.put("event.outcome", r.outcome());
    String user = r.group(m, "user");
    if (user != null && !user.isEmpty()) {
      b.put("user.name", user);
    }
    b.put("source.ip", r.group(m, "ip"));
    String port = r.group(m, "port");
    if (port != null && port.length() <= 9) {
      b.put("source.port", Long.parseLong(port));
    }
    if (r.group(m, "invalid") != null || "invalid_user".equals(action)) {
      b.put("ssh.invalid_user", Boolean.TRUE);
    }
    b.put("destination.ip", r.group(m, "dip"));
    String dport = r.group(m, "dport");
    if (dport != null && dport.length() <= 9) {
      b.put("destination.port", Long.parseLong(dport));
    }
    String count = r.group(m, "count");
    if (count != null && count.length() <= 9) {
      b.put("event.count", Long.parseLong(count));
    }
    if ("auth_failure".equals(action)) {
      pamFields(message, b);
    }
  }

  private static String method(String m) {
    int slash = m.indexOf('/');
    return slash < 0 ? m : m.substring(0, slash);
  }

  private static void pamFields(String message, EventBuilder b) {
    Matcher rhost = RHOST.matcher(message);
    if (rhost.find()) {
      String host = rhost.group(1);
      b.put(AccessLogFormat.isIpLike(host) ? "source.ip" : "source.domain", host);
    }
    Matcher user = PAM_USER.matcher(message);
    if (user.find()) {
      b.put("user.name", user.group(1));
    }
  }
}
