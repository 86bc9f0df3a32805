package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import java.util.Objects;

/**
 * A record could not be turned into an event. The {@link Reason} tells the caller what kind of
 * problem it was (and goes into dead-letter headers and metric labels); the message names the
 * origin and what was expected, but never echoes the whole raw record.
 *
 * <p>Bad input is expected in volume, so the exception does not fill in a stack trace.
 */
public final class InvalidEventException extends RuntimeException {

  /** Why a record was refused. */
  public enum Reason {
    /** The record is empty or blank. Not malformed: callers may skip it without dead-lettering. */
    EMPTY(false),
    /**
     * A header, comment or directive line (CSV header, Zeek {@code #fields}) that the format
     * consumed. Not malformed: callers skip it without dead-lettering.
     */
    HEADER(false),
    /** The record ends before a required part (unterminated quote, missing fields). */
    TRUNCATED(true),
    /** The bytes are not valid UTF-8 and the format was told to reject such records. */
    NOT_UTF8(true),
    /** The record is larger than the configured maximum. */
    OVERSIZE(true),
    /** The record is not syntactically valid JSON, or not a JSON object. */
    BAD_JSON(true),
    /** JSON nesting deeper than the configured maximum. */
    TOO_DEEP(true),
    /** A delimited record has a different number of columns than its header. */
    WRONG_COLUMN_COUNT(true),
    /** A value that must be a number is not one. */
    BAD_NUMBER(true),
    /** A number is NaN or infinite and the format was told to reject those. */
    NON_FINITE(true),
    /** A timestamp is missing or cannot be read with the configured format. */
    BAD_TIMESTAMP(true),
    /** The record does not have the format's shape at all. */
    NO_MATCH(true);

    private final boolean malformed;

    Reason(boolean malformed) {
      this.malformed = malformed;
    }

    /** False for records that are not events by design (blank lines, headers). */
    public boolean isMalformed() {
      return malformed;
    }
  }

  private final Reason reason;
  private final Origin origin;

  public InvalidEventException(Reason reason, Origin origin, String detail) {
    this(reason, origin, detail, null);
  }

  public InvalidEventException(Reason reason, Origin origin, String detail, Throwable cause) {
    super("Invalid event at " + origin + " (" + reason + "): " + detail, cause, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  public Reason reason() {
    return reason;
  }

  public Origin origin() {
    return origin;
  }
}
