package io.varanus.engine.bundle;

import java.util.List;

/**
 * What a model was trained on: the inputs and their digest, how many events were read, rejected and
 * kept, the label filter, and the hold-out split that evaluate can reproduce.
 *
 * @param inputDigest SHA-256 over the raw bytes of every record read, in order
 * @param holdoutFraction share of events (by a hash of file name and line) kept out of training
 * @param holdoutSeed seed of that hash
 */
public record Provenance(
    List<String> inputs,
    String inputDigest,
    long eventsRead,
    long invalidEvents,
    long normalEvents,
    long trainRows,
    long validationRows,
    String labelField,
    String normalValue,
    double holdoutFraction,
    long holdoutSeed) {

  public Provenance {
    inputs = List.copyOf(inputs);
  }
}
