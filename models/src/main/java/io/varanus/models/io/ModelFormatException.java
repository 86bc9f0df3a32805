package io.varanus.models.io;

/**
 * A saved model that cannot be loaded: another format version, a truncated or altered file, or
 * weights that do not fit the layout. The message names the file and what was expected; the caller
 * keeps whatever model it had.
 */
public class ModelFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
