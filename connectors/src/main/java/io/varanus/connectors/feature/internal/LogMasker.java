package io.varanus.connectors.feature.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log line into whitespace-separated tokens and masks the variable ones before template
 * mining: IPv4 (with port) and IPv6 addresses become {@code <IP>}, UUID-like ids {@code <UUID>},
 * hex values {@code <HEX>}, numbers, times and dates {@code <NUM>}, absolute paths and URLs {@code
 * <PATH>}. Punctuation around a token ({@code [10.0.0.1]}, {@code port 22,}) is kept, and in {@code
 * key=value} only the value is masked.
 */
public final class LogMasker {

  public static final String IP = "<IP>";
  public static final String UUID = "<UUID>";
  public static final String HEX = "<HEX>";
  public static final String NUM = "<NUM>";
  public static final String PATH = "<PATH>";

  private static final String OPEN = "([{<\"'";
  private static final String CLOSE = ")]}>\"',;:.";

  private final List<String> buffer = new ArrayList<>();

  /** The masked tokens of {@code line}. Not thread-safe: reuses a buffer. */
  public String[] tokens(String line) {
    buffer.clear();
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        buffer.add(mask(line.substring(start, i)));
      }
    }
    return buffer.toArray(new String[0]);
  }

  /** The token with its variable part replaced by a mask, or the token itself. */
  public static String mask(String token) {
    int a = 0;
    int b = token.length();
    while (a < b && OPEN.indexOf(token.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && CLOSE.indexOf(token.charAt(b - 1)) >= 0) {
      b--;
    }
    if (a == b) {
      return token;
    }
    int eq = token.indexOf('=', a);
    if (eq > a && eq < b - 1 && isKey(token, a, eq)) {
      String kind = classify(token, eq + 1, b);
      return kind == null ? token : token.substring(0, eq + 1) + kind + token.substring(b);
    }
    String kind = classify(token, a, b);
    return kind == null ? token : token.substring(0, a) + kind + token.substring(b);
  }

  private static boolean isKey(String token, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** The mask for {@code s[a, b)}, or null when it is not a variable. */
  static String classify(String s, int a, int b) {
    char first = s.charAt(a);
    if (first == '/' && b - a > 1 || s.startsWith("://", indexOfScheme(s, a, b))) {
      return PATH;
    }
    if (TokenShapes.isIpv4(s, a, b) || TokenShapes.isIpv6(s, a, b)) {
      return IP;
    }
    if (TokenShapes.isUuid(s, a, b)) {
      return UUID;
    }
    if (TokenShapes.isNumberLike(s, a, b)) {
      return NUM;
    }
    if (TokenShapes.isHex(s, a, b)) {
      return HEX;
    }
    return null;
  }

  private static int indexOfScheme(String s, int a, int b) {
    int i = s.indexOf("://", a);
    return i > a && i < b ? i : s.length();
  }
}
