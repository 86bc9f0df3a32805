package io.varanus.connectors.parse;

/**
 * A format name or option is unknown or has an invalid value. This is a configuration error: the
 * caller should stop at start-up and report the message.
 */
public final class InvalidOptionException extends IllegalArgumentException {

  public InvalidOptionException(String message) {
    super(message);
  }

  static InvalidOptionException invalid(String format, String key, Object value, String why) {
    return new InvalidOptionException(
        "Invalid value " + value + " for option " + format + "." + key + ": " + why);
  }
}
