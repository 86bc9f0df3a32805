package io.varanus.engine.bundle;

/**
 * A model bundle that cannot be used: missing or altered files, another format version, or a
 * featurizer schema that does not match the model. The message names the file and the problem.
 */
public class BundleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
