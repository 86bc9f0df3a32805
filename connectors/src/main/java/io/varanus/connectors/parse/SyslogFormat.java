package io.varanus.connectors.parse;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syslog lines in RFC 3164 (BSD, as in auth.log) and RFC 5424 form, read leniently: an optional
 * {@code <PRI>}, a BSD time without year (the year comes from option {@code year} or is inferred
 * from the clock: the latest year that does not put the line more than a week in the future) or an
 * RFC 3339 time, an optional hostname, then {@code tag[pid]:} and the message. {@code message
 * repeated N times: [ ... ]} is unwrapped (the count goes to {@code log.syslog.repeated}). sshd
 * messages are read further by {@link SshdMessages}. Options: {@code year}, {@code timezone} (for
 * times without a zone, default UTC), {@code max-bytes}, {@code invalid-utf8}.
 */
final class SyslogFormat implements LogFormat {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final Pattern TAG =
      Pattern.compile("(?<name>[^\\s\\[:]+(?:\\([^)\\s]*\\))?)(?:\\[(?<pid>[^\\]]*)\\])?:?");
  private static final Pattern REPEATED =
      Pattern.compile("^message repeated (\\d{1,9}) times: \\[\\s?(.*?)\\s*\\]?$");

  private final RecordText text;
  private final Timestamps timestamps;
  private final Rfc5424 rfc5424;

  SyslogFormat(FormatOptions o, Clock clock) {
    this.text = new RecordText(o);
    this.timestamps = Timestamps.fromOptions(o, "MMM d HH:mm:ss", clock);
    this.rfc5424 =
        new Rfc5424(
            this::rfc3339,
            new JsonFormat(
                new FormatOptions("syslog", java.util.Map.of("max-bytes", text.maxBytes())),
                clock));
  }

  @Override
  public String name() {
    return "syslog";
  }

  @Override
  public LogEvent parse(RawRecord record) {
    Origin origin = record.origin();
    RecordText.Text decoded = text.decode(record);
    String s = decoded.value();
    EventBuilder b = RecordText.builder(decoded);
    int pos = priority(s, b, origin);
    if (s.startsWith("1 ", pos)) {
      rfc5424.parse(s, pos + 2, b, origin);
    } else {
      rfc3164(s, pos, b, origin);
    }
    String message = (String) b.get("message");
    if (message != null) {
      unwrapRepeated(message, b);
      if (SshdMessages.isSshd((String) b.get("process.name"))) {
        SshdMessages.extract((String) b.get("message"), b);
      }
    }
    return b.build(origin);
  }

  private static int priority(String s, EventBuilder b, Origin origin) {
    if (s.charAt(0) != '<') {
      return 0;
    }
    int gt = s.indexOf('>');
    if (gt < 2 || gt > 4) {
      throw new InvalidEventException(Reason.NO_MATCH, origin, "malformed <PRI> at the start");
    }
    int pri = 0;
    for (int i = 1; i < gt; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidEventException(Reason.NO_MATCH, origin, "malformed <PRI> at the start");
      }
      pri = pri * 10 + (c - '0');
    }
    b.put("log.syslog.priority", (long) pri);
    b.put("log.syslog.facility.code", (long) (pri >> 3));
    b.put("log.syslog.severity.code", (long) (pri & 7));
    return gt + 1;
  }

  private void rfc3164(String s, int pos, EventBuilder b, Origin origin) {
    int p = bsdOrRfc3339Time(s, pos, b, origin);
    p = skipSpaces(s, p);
    int end = tokenEnd(s, p);
    if (p >= s.length()) {
      throw new InvalidEventException(Reason.TRUNCATED, origin, "record ends after the time");
    }
    String first = s.substring(p, end);
    if (!looksLikeTag(first)) {
      b.put("host.hostname", first);
      p = skipSpaces(s, end);
    }
    readTagAndMessage(s, p, b);
  }

  private static boolean looksLikeTag(String token) {
    return token.endsWith(":") || (token.indexOf('[') > 0 && token.endsWith("]"));
  }

  /** Reads {@code tag[pid]:} if present and the rest as the message. */
  static void readTagAndMessage(String s, int p, EventBuilder b) {
    int end = tokenEnd(s, p);
    String token = s.substring(p, end);
    Matcher m = TAG.matcher(token);
    boolean tagged = m.matches() && (token.endsWith(":") || m.group("pid") != null);
    if (tagged) {
      b.put("process.name", m.group("name"));
      String pid = m.group("pid");
      if (pid != null
          && !pid.isEmpty()
          && pid.length() <= 9
          && pid.chars().allMatch(Character::isDigit)) {
        b.put("process.pid", Long.parseLong(pid));
      }
      p = end < s.length() ? end + 1 : end;
    }
    b.put("message", s.substring(Math.min(p, s.length())).strip());
  }

  private int bsdOrRfc3339Time(String s, int pos, EventBuilder b, Origin origin) {
    if (pos + 15 <= s.length() && Character.isLetter(s.charAt(pos))) {
      b.timestamp(bsdTime(s, pos, origin));
      return pos + 15;
    }
    int end = tokenEnd(s, pos);
    b.timestamp(rfc3339(s.substring(pos, end), origin));
    return end;
  }

  /** {@code Mmm dd HH:mm:ss} with a space-padded or unpadded day. */
  private Instant bsdTime(String s, int pos, Origin origin) {
    int m = MONTHS.indexOf(s.substring(pos, pos + 3));
    char d1 = s.charAt(pos + 4);
    char d2 = s.charAt(pos + 5);
    String hms = s.substring(pos + 7, pos + 15);
    if (m < 0
        || m % 3 != 0
        || s.charAt(pos + 3) != ' '
        || s.charAt(pos + 6) != ' '
        || !Character.isDigit(d2)
        || !(d1 == ' ' || Character.isDigit(d1))
        || hms.charAt(2) != ':'
        || hms.charAt(5) != ':') {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP,
          origin,
          "expected a time like 'Apr  1 12:00:00' or RFC 3339, found "
              + Texts.excerpt(s.substring(pos, Math.min(s.length(), pos + 15))));
    }
    int month = m / 3 + 1;
    int day = (d1 == ' ' ? 0 : (d1 - '0') * 10) + (d2 - '0');
    try {
      int year = timestamps.yearFor(month, day);
      return LocalDateTime.of(year, month, day, num(hms, 0), num(hms, 3), num(hms, 6))
          .atZone(timestamps.zone())
          .toInstant();
    } catch (DateTimeException | NumberFormatException e) {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP,
          origin,
          "invalid date or time " + Texts.excerpt(s.substring(pos, pos + 15)));
    }
  }

  private static int num(String s, int at) {
    return Integer.parseInt(s, at, at + 2, 10);
  }

  /** RFC 3339 with or without an offset; without one the configured zone applies. */
  Instant rfc3339(String t, Origin origin) {
    try {
      if (t.endsWith("Z") || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).atZone(timestamps.zone()).toInstant();
    } catch (DateTimeException e) {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP,
          origin,
          "expected a BSD or RFC 3339 time, found " + Texts.excerpt(t));
    }
  }

  private static void unwrapRepeated(String message, EventBuilder b) {
    if (!message.startsWith("message repeated ")) {
      return;
    }
    Matcher m = REPEATED.matcher(message);
    if (m.matches()) {
      b.put("log.syslog.repeated", Long.parseLong(m.group(1)));
      b.put("message", m.group(2));
    }
  }

  static int skipSpaces(String s, int p) {
    while (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
    return p;
  }

  static int tokenEnd(String s, int p) {
    int e = s.indexOf(' ', p);
    return e < 0 ? s.length() : e;
  }

  @Override
  public List<String> notes() {
    return timestamps.notes();
  }
}
