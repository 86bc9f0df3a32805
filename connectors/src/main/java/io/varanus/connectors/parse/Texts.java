package io.varanus.connectors.parse;

/** Small text helpers shared by the formats. */
final class Texts {

  private static final int EXCERPT = 40;

  private Texts() {}

  /** A short, quoted, single-line excerpt for error messages; never the whole record. */
  static String excerpt(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > EXCERPT ? s.substring(0, EXCERPT) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length() + 2).append('\'');
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.append('\'').toString();
  }
}
