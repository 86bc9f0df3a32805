package io.varanus.connectors.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A fast path for the common ISO-8601 shapes {@code 2024-03-01T12:00:00[.ffffff][Z|+01:00|+0100]}
 * (a space may stand for the {@code T}). Anything else returns null and the caller falls back to
 * {@link java.time.format.DateTimeFormatter}.
 */
final class IsoTime {

  private IsoTime() {}

  static Instant parse(String s, ZoneId zone) {
    int n = s.length();
    if (n < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || (s.charAt(10) != 'T' && s.charAt(10) != ' ')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysIn(month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int i = 19;
    long nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i++) - '0');
      }
      if (i == start) {
        return null;
      }
      for (int k = i - start; k < 9; k++) {
        nanos *= 10;
      }
    }
    long local =
        ClfTime.daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
    Integer offset = offset(s, i, n);
    if (offset == null) {
      return null;
    }
    if (offset == Integer.MIN_VALUE) {
      if (!(zone instanceof ZoneOffset z)) {
        return null;
      }
      offset = z.getTotalSeconds();
    }
    return Instant.ofEpochSecond(local - offset, nanos);
  }

  /** Seconds east of UTC; MIN_VALUE when there is no offset; null when malformed. */
  private static Integer offset(String s, int i, int n) {
    if (i == n) {
      return Integer.MIN_VALUE;
    }
    char c = s.charAt(i);
    if (c == 'Z' && i + 1 == n) {
      return 0;
    }
    boolean colon = i + 6 == n && s.charAt(i + 3) == ':';
    if ((c == '+' || c == '-') && (colon || i + 5 == n || i + 3 == n)) {
      int h = digits(s, i + 1, 2);
      int m = i + 3 == n ? 0 : digits(s, colon ? i + 4 : i + 3, 2);
      if (h < 0 || m < 0 || h > 18 || m > 59) {
        return null;
      }
      return (c == '-' ? -1 : 1) * (h * 3600 + m * 60);
    }
    return null;
  }

  /** Days in the month; February counts 28, so the 29th takes the checked slow path. */
  private static int daysIn(int month) {
    return DAYS_IN_MONTH[month - 1];
  }

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
