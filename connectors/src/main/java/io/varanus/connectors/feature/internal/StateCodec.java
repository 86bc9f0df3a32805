package io.varanus.connectors.feature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.connectors.feature.InvalidFeatureSpecException;
import io.varanus.connectors.feature.InvalidFeaturizerStateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON form of {@link FeaturizerState}: checks the version before binding anything else. */
public final class StateCodec {

  private final ObjectMapper json =
      SpecReader.configure(new ObjectMapper())
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public String write(FeaturizerState state) {
    try {
      return json.writeValueAsString(state) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write featurizer state: " + e.getMessage(), e);
    }
  }

  public FeaturizerState read(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFeaturizerStateException(
          "Featurizer state is not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode version = root == null ? null : root.get("version");
    if (version == null || !version.canConvertToInt()) {
      throw new InvalidFeaturizerStateException(
          "Featurizer state has no integer 'version'; expected version "
              + FeaturizerState.FORMAT_VERSION);
    }
    if (version.intValue() != FeaturizerState.FORMAT_VERSION) {
      throw new InvalidFeaturizerStateException(
          "Unsupported featurizer state version "
              + version.intValue()
              + ": this build reads version "
              + FeaturizerState.FORMAT_VERSION
              + " only; refit the featurizer or use a matching Varanus release");
    }
    try {
      return json.treeToValue(root, FeaturizerState.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidFeaturizerStateException s) {
        throw s;
      }
      String detail =
          cause instanceof InvalidFeatureSpecException spec
              ? spec.getMessage()
              : e.getOriginalMessage();
      throw new InvalidFeaturizerStateException("Invalid featurizer state: " + detail, e);
    }
  }

  public void save(FeaturizerState state, Path file) {
    try {
      Files.writeString(file, write(state), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot write featurizer state to " + file, e);
    }
  }

  public FeaturizerState load(Path file) {
    try {
      return read(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidFeaturizerStateException(
          "Cannot read featurizer state " + file + ": " + e, e);
    }
  }
}
