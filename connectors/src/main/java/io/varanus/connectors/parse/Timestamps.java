package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads timestamps in a configured format: {@code iso} (ISO-8601, with or without offset), {@code
 * epoch-seconds}, {@code epoch-millis}, {@code epoch} (seconds or milliseconds by magnitude), or a
 * {@link DateTimeFormatter} pattern. Times without a zone are read in the configured zone; patterns
 * without a year take it from the configured year or infer it from the clock.
 */
final class Timestamps {

  private static final DateTimeFormatter ISO_STRICT =
      DateTimeFormatter.ISO_DATE_TIME.withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private final String format;
  private final ZoneId zone;
  private final DateTimeFormatter formatter;
  private final boolean patternHasYear;
  private final Integer fixedYear;
  private final Clock clock;
  private final LongAdder inferred = new LongAdder();
  private volatile int lastInferredYear;

  private Timestamps(String format, ZoneId zone, Integer fixedYear, Clock clock) {
    this.format = format;
    this.zone = zone;
    this.fixedYear = fixedYear;
    this.clock = clock;
    if (format.equals("iso") || format.startsWith("epoch")) {
      this.formatter = null;
      this.patternHasYear = true;
    } else {
      this.formatter =
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .parseLenient()
              .appendPattern(format)
              .toFormatter(Locale.ROOT);
      this.patternHasYear = format.indexOf('y') >= 0 || format.indexOf('u') >= 0;
    }
  }

  /** Reads {@code timestamp-format}, {@code timezone} and {@code year} from the options. */
  static Timestamps fromOptions(FormatOptions o, String defaultFormat, Clock clock) {
    String format = o.string("timestamp-format", defaultFormat);
    ZoneId zone = zone(o);
    Integer year = o.has("year") ? o.integer("year", 0, 1) : null;
    try {
      return new Timestamps(format, zone, year, clock);
    } catch (IllegalArgumentException e) {
      throw o.invalid("timestamp-format", format, "not a date-time pattern: " + e.getMessage());
    }
  }

  static ZoneId zone(FormatOptions o) {
    String z = o.string("timezone", "UTC");
    try {
      return ZoneId.of(z);
    } catch (DateTimeException e) {
      throw o.invalid("timezone", z, "must be a zone id such as UTC or Europe/Berlin");
    }
  }

  ZoneId zone() {
    return zone;
  }

  /** The year for a date that carries none: the fixed year, or inferred from the clock. */
  int yearFor(int month, int day) {
    if (fixedYear != null) {
      return fixedYear;
    }
    int year = inferYear(month, day, clock, zone);
    inferred.increment();
    if (year != lastInferredYear) {
      lastInferredYear = year;
    }
    return year;
  }

  /**
   * A sentence for the user when timestamps carried no year and none was configured, so the year
   * was inferred from the clock; empty otherwise.
   */
  List<String> notes() {
    long n = inferred.sum();
    if (n == 0) {
      return List.of();
    }
    return List.of(
        n
            + " timestamp"
            + (n == 1 ? "" : "s")
            + " carried no year; it was inferred from the clock (the latest year that puts the"
            + " line at most a week in the future, e.g. "
            + lastInferredYear
            + "). Set the input option year: when the logs are from another year");
  }

  /**
   * The most recent year in which month/day is not more than a week in the future: a December line
   * read in January belongs to last year.
   */
  static int inferYear(int month, int day, Clock clock, ZoneId zone) {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    int year = today.getYear();
    LocalDate candidate = LocalDate.of(year, month, Math.min(day, 28));
    return candidate.isAfter(today.plusDays(7)) ? year - 1 : year;
  }

  Instant parse(String text, Origin origin) {
    try {
      return switch (format) {
        case "iso" -> parseIso(text.trim());
        case "epoch-seconds" -> epoch(Double.parseDouble(text.trim()), false);
        case "epoch-millis" -> epoch(Double.parseDouble(text.trim()), true);
        case "epoch" -> fromNumber(Double.parseDouble(text.trim()));
        default -> parsePattern(text.trim());
      };
    } catch (DateTimeException | NumberFormatException e) {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP,
          origin,
          "timestamp " + Texts.excerpt(text) + " does not match format " + format);
    }
  }

  /**
   * A numeric timestamp read from {@code field}: as {@link #fromNumber(double)}, with a value no
   * {@link Instant} holds (NaN, 1e300) rejected as {@code BAD_TIMESTAMP}.
   */
  Instant fromNumber(double value, String field, Origin origin) {
    try {
      return fromNumber(value);
    } catch (DateTimeException e) {
      throw new InvalidEventException(
          Reason.BAD_TIMESTAMP, origin, "field " + field + " (" + value + ") is not a valid time");
    }
  }

  /** A numeric timestamp: seconds or milliseconds since the epoch, per the configured format. */
  Instant fromNumber(double value) {
    if (!Double.isFinite(value)) {
      throw new DateTimeException("not finite");
    }
    boolean millis =
        format.equals("epoch-millis") || (!format.equals("epoch-seconds") && value > 1e11);
    return epoch(value, millis);
  }

  /** Seconds or milliseconds since the epoch, kept to the microsecond. */
  private static Instant epoch(double value, boolean millis) {
    if (!Double.isFinite(value) || Math.abs(value) > 9e15 / (millis ? 1e3 : 1e6)) {
      throw new DateTimeException("not a representable epoch time");
    }
    long micros = Math.round(value * (millis ? 1e3 : 1e6));
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private Instant parseIso(String text) {
    Instant fast = IsoTime.parse(text, zone);
    if (fast != null) {
      return fast;
    }
    TemporalAccessor t =
        ISO_STRICT.parseBest(text.replace(' ', 'T'), ZonedDateTime::from, LocalDateTime::from);
    if (t instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    return ((LocalDateTime) t).atZone(zone).toInstant();
  }

  private Instant parsePattern(String text) {
    TemporalAccessor t = formatter.parse(text);
    if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
      return Instant.from(t);
    }
    int year =
        patternHasYear
            ? t.get(ChronoField.YEAR)
            : yearFor(t.get(ChronoField.MONTH_OF_YEAR), t.get(ChronoField.DAY_OF_MONTH));
    LocalDateTime local =
        LocalDateTime.of(
            year,
            t.get(ChronoField.MONTH_OF_YEAR),
            t.get(ChronoField.DAY_OF_MONTH),
            t.isSupported(ChronoField.HOUR_OF_DAY) ? t.get(ChronoField.HOUR_OF_DAY) : 0,
            t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : 0,
            t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0,
            t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0);
    if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
      return local.toInstant(
          java.time.ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)));
    }
    return local.atZone(zone).toInstant();
  }
}
