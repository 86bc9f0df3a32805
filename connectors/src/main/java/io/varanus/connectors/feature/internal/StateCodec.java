package io.varanus.connectors.feature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.connectors.feature.InvalidFeatureSpecException;
import io.varanus.connectors.feature.InvalidFeaturizerStateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of {@link FeaturizerState}: checks the version before binding anything else. A
 * version-1 state has no {@code novelty} key in its text entries: reading one sets it to false, and
 * writing one leaves it out again, so a version-1 file saves back to the same bytes.
 */
public final class StateCodec {

  private final ObjectMapper json =
      SpecReader.configure(new ObjectMapper())
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final String NOVELTY = "novelty";

  public String write(FeaturizerState state) {
    try {
      if (state.version() == 1) {
        JsonNode tree = json.valueToTree(state);
        textEntries(tree).forEach(t -> t.remove(NOVELTY));
        return json.writeValueAsString(tree) + "\n";
      }
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
    int v = version.intValue();
    if (v < FeaturizerState.FIRST_VERSION || v > FeaturizerState.FORMAT_VERSION) {
      throw new InvalidFeaturizerStateException(FeaturizerState.unsupported(v));
    }
    if (v == 1) {
      for (ObjectNode t : textEntries(root)) {
        if (t.has(NOVELTY)) {
          throw new InvalidFeaturizerStateException(
              "Featurizer state version 1 has no key 'novelty' in text features; found one");
        }
        t.put(NOVELTY, false);
      }
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

  /** The text feature entries of the spec in a state's JSON tree. */
  private static List<ObjectNode> textEntries(JsonNode root) {
    List<ObjectNode> out = new ArrayList<>();
    JsonNode text = root.path("spec").path("text");
    for (JsonNode t : text) {
      if (t instanceof ObjectNode o) {
        out.add(o);
      }
    }
    return out;
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
