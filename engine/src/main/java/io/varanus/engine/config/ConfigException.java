package io.varanus.engine.config;

/**
 * A configuration the engine cannot start with: the message names the file, the key path, the value
 * and what is allowed. The CLI exits with code 2.
 */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
