package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import java.time.Instant;

/** Reads the access-log time {@code 10/Oct/2000:13:55:36 -0700} without a formatter. */
final class ClfTime {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private ClfTime() {}

  static Instant parse(String t, Origin origin) {
    // dd/MMM/yyyy:HH:mm:ss +hhmm
    if (t.length() < 26
        || t.charAt(2) != '/'
        || t.charAt(6) != '/'
        || t.charAt(11) != ':'
        || t.charAt(20) != ' ') {
      throw bad(t, origin);
    }
    int day = digits(t, 0, 2);
    int month = month(t.charAt(3), t.charAt(4), t.charAt(5));
    int year = digits(t, 7, 4);
    int hour = digits(t, 12, 2);
    int minute = digits(t, 15, 2);
    int second = digits(t, 18, 2);
    char sign = t.charAt(21);
    int offH = digits(t, 22, 2);
    int offM = digits(t, 24, 2);
    if (day < 1
        || day > 31
        || month < 1
        || year < 0
        || hour > 23
        || minute > 59
        || second > 60
        || offH > 23
        || offM > 59
        || (sign != '+' && sign != '-')) {
      throw bad(t, origin);
    }
    long offset = (offH * 3600L + offM * 60L) * (sign == '-' ? -1 : 1);
    long epochSeconds =
        daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second - offset;
    return Instant.ofEpochSecond(epochSeconds);
  }

  /** 1-12 for an English month abbreviation, else -1. */
  static int month(char a, char b, char c) {
    for (int m = 0; m < 12; m++) {
      if (MONTHS.charAt(3 * m) == a
          && MONTHS.charAt(3 * m + 1) == b
          && MONTHS.charAt(3 * m + 2) == c) {
        return m + 1;
      }
    }
    return -1;
  }

  private static InvalidEventException bad(String t, Origin origin) {
    return new InvalidEventException(
        Reason.BAD_TIMESTAMP,
        origin,
        "time " + Texts.excerpt(t) + " is not of the form 10/Oct/2000:13:55:36 -0700");
  }

  /** Digits at s[from..from+n), or -1000 when any is not a digit (so range checks fail). */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1000;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
