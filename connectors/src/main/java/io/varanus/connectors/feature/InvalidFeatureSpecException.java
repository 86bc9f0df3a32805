package io.varanus.connectors.feature;

/**
 * A feature spec (or a fitted state) that cannot be used: the caller should stop at start-up and
 * report the message, which names the key, the value found and what was expected.
 */
public class InvalidFeatureSpecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;
  private final transient Object value;

  /** An invalid value for one key, e.g. {@code ("top-k", 0, "must be > 0")}. */
  public InvalidFeatureSpecException(String key, Object value, String reason) {
    super("Invalid value " + value + " for " + key + ": " + reason);
    this.key = key;
    this.value = value;
    this.reason = reason;
  }

  /** A problem that is not about one value (unreadable file, unknown key, bad structure). */
  public InvalidFeatureSpecException(String message, Throwable cause) {
    super(message, cause);
    this.key = null;
    this.value = null;
    this.reason = message;
  }

  /**
   * The same problem, with {@code prefix} (e.g. {@code features.categorical[2]}) before the key.
   */
  public InvalidFeatureSpecException withPrefix(String prefix) {
    if (key == null || prefix.isEmpty()) {
      return this;
    }
    String full = key.isEmpty() ? prefix : prefix + "." + key;
    InvalidFeatureSpecException e = new InvalidFeatureSpecException(full, value, reason);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The key the problem is about, or null when the problem is not about one key. */
  public String key() {
    return key;
  }
}
