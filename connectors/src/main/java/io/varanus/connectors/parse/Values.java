package io.varanus.connectors.parse;

/** Typed reading of text values for the delimited formats (csv, zeek). */
final class Values {

  /** What a column holds. {@code AUTO} picks long, double or string per value. */
  enum Type {
    STRING,
    LONG,
    DOUBLE,
    BOOLEAN,
    AUTO;

    static Type of(String name) {
      return switch (name) {
        case "string" -> STRING;
        case "long" -> LONG;
        case "double" -> DOUBLE;
        case "boolean" -> BOOLEAN;
        case "auto" -> AUTO;
        default -> null;
      };
    }
  }

  /** Marker returned for NaN and infinities, which callers handle per their policy. */
  static final Object NON_FINITE = new Object();

  /** Marker returned when a value typed as a number is not one. */
  static final Object NOT_A_NUMBER = new Object();

  private Values() {}

  /** Converts {@code s} (non-empty) to the type; numbers that fail give a marker object. */
  static Object convert(String s, Type type) {
    return switch (type) {
      case STRING -> s;
      case LONG -> asLong(s);
      case DOUBLE -> asDouble(s);
      case BOOLEAN -> asBoolean(s);
      case AUTO -> auto(s);
    };
  }

  private static Object asBoolean(String s) {
    if (s.equals("T") || s.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (s.equals("F") || s.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return s;
  }

  private static Object asLong(String s) {
    Object v = auto(s);
    if (v instanceof Long || v == NON_FINITE) {
      return v;
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e18) {
      return (long) (double) d;
    }
    return NOT_A_NUMBER;
  }

  private static Object asDouble(String s) {
    Object v = auto(s);
    if (v instanceof Long l) {
      return l.doubleValue();
    }
    return v instanceof String ? NOT_A_NUMBER : v;
  }

  /** A Long for integers, a Double for decimals, NON_FINITE for NaN/Infinity, else the text. */
  static Object auto(String s) {
    int n = s.length();
    int i = (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
    if (i == n) {
      return s;
    }
    char first = s.charAt(i);
    if (first == 'N' || first == 'n' || first == 'I' || first == 'i') {
      return isNonFinite(s, i) ? NON_FINITE : s;
    }
    int digits = 0;
    boolean decimal = false;
    for (int j = i; j < n; j++) {
      char c = s.charAt(j);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && j > i)) {
        decimal = true;
      } else {
        return s;
      }
    }
    if (digits == 0) {
      return s;
    }
    if (!decimal && digits <= 18) {
      return parseLong(s, i);
    }
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) ? d : NON_FINITE;
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static long parseLong(String s, int start) {
    long v = 0;
    for (int j = start; j < s.length(); j++) {
      v = v * 10 + (s.charAt(j) - '0');
    }
    return s.charAt(0) == '-' ? -v : v;
  }

  private static boolean isNonFinite(String s, int start) {
    String rest = s.substring(start);
    return rest.equalsIgnoreCase("nan")
        || rest.equalsIgnoreCase("inf")
        || rest.equalsIgnoreCase("infinity");
  }
}
