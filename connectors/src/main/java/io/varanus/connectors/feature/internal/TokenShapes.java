package io.varanus.connectors.feature.internal;

/** Character-level recognizers for the variable tokens {@link LogMasker} masks. */
final class TokenShapes {

  private TokenShapes() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code d.d.d.d} with 1-3 digits per part, optionally {@code :port}. */
  static boolean isIpv4(String s, int a, int b) {
    int parts = 0;
    int i = a;
    while (i < b && parts < 4) {
      int start = i;
      while (i < b && isDigit(s.charAt(i))) {
        i++;
      }
      if (i - start < 1 || i - start > 3) {
        return false;
      }
      parts++;
      if (parts < 4) {
        if (i >= b || s.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    if (parts != 4) {
      return false;
    }
    if (i == b) {
      return true;
    }
    return s.charAt(i) == ':' && i + 1 < b && allDigits(s, i + 1, b);
  }

  /** Hex groups separated by colons: at least two colons and a {@code ::} or seven colons. */
  static boolean isIpv6(String s, int a, int b) {
    int colons = 0;
    boolean hexSeen = false;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c == ':') {
        colons++;
      } else if (isHexDigit(c)) {
        hexSeen = true;
      } else if (c != '.') {
        return false;
      }
    }
    boolean compressed = s.substring(a, b).contains("::");
    return hexSeen && colons >= 2 && (compressed || colons == 7);
  }

  /** 8-4-4-4-12 hex digits. */
  static boolean isUuid(String s, int a, int b) {
    if (b - a != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(a + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Numbers, times, dates and versions: digits with at most the separators {@code . : - + / ,}, a
   * leading sign and a short unit suffix ({@code 10ms}, {@code 4kB}).
   */
  static boolean isNumberLike(String s, int a, int b) {
    int i = a;
    if (i < b && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    boolean digit = false;
    while (i < b) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        digit = true;
      } else if (".:-+/,".indexOf(c) < 0) {
        break;
      }
      i++;
    }
    if (!digit) {
      return false;
    }
    int suffix = b - i;
    for (int j = i; j < b; j++) {
      if (!Character.isLetter(s.charAt(j))) {
        return false;
      }
    }
    return suffix <= 2;
  }

  /** {@code 0x...}, or 8+ hex digits mixing digits and letters. */
  static boolean isHex(String s, int a, int b) {
    if (b - a > 2 && s.charAt(a) == '0' && (s.charAt(a + 1) == 'x' || s.charAt(a + 1) == 'X')) {
      return allHex(s, a + 2, b);
    }
    if (b - a < 8 || !allHex(s, a, b)) {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    for (int i = a; i < b; i++) {
      if (isDigit(s.charAt(i))) {
        digit = true;
      } else {
        letter = true;
      }
    }
    return digit && letter;
  }

  private static boolean allHex(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      if (!isHexDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
