package io.varanus.connectors.feature;

/**
 * A saved featurizer state that cannot be loaded (unknown format version, malformed JSON, missing
 * statistics). The caller should refuse the model bundle and keep the model it has.
 */
public class InvalidFeaturizerStateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidFeaturizerStateException(String message) {
    super(message);
  }

  public InvalidFeaturizerStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
