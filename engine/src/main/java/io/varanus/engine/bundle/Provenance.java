package io.varanus.engine.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a model was trained on: the inputs and their digest, how many events were read, rejected and
 * kept, the label filter, and the hold-out split that evaluate can reproduce.
 *
 * @param inputDigest SHA-256 over the raw bytes of every record read, in order
 * @param holdoutFraction share of events (by a hash of file name and line) kept out of training
 * @param holdoutSeed seed of that hash
 * @param retraining for a model retrained on unlabelled traffic: the window and what was excluded
 *     (null for {@code train})
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
    long holdoutSeed,
    @JsonInclude(JsonInclude.Include.NON_NULL) Retraining retraining) {

  public Provenance {
    inputs = List.copyOf(inputs);
  }

  /**
   * How {@code retrain} chose its rows from a window of unlabelled traffic.
   *
   * @param window the topic range or files read
   * @param parentVersion the model that scored the window
   * @param heldBack events kept back to compare the candidate with the parent
   * @param excludedByScore events the parent graded at or above {@code excludeAboveGrade}
   * @param allowListed events that graded that high but matched the allow-list, so were kept
   * @param kept events the featurizer and the training sample were drawn from
   * @param replayed events of the parent's replay store mixed into the training rows
   * @param allowList the allow-list file, or null
   */
  public record Retraining(
      String window,
      String parentVersion,
      long heldBack,
      long excludedByScore,
      long allowListed,
      long kept,
      long replayed,
      double excludeAboveGrade,
      String allowList) {}
}
