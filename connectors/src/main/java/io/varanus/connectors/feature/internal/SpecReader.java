package io.varanus.connectors.feature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.feature.FeatureSpec;
import io.varanus.connectors.feature.InvalidFeatureSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/** Binds YAML to {@link FeatureSpec}, turning Jackson's errors into key-path messages. */
public final class SpecReader {

  private static final String ROOT = "features";

  private final ObjectMapper yaml;

  public SpecReader() {
    this.yaml = configure(new ObjectMapper(new YAMLFactory()));
  }

  /** The settings shared by spec and state readers: strict, with durations. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(Durations.module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  public FeatureSpec readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidFeatureSpecException("Cannot read feature spec " + file + ": " + e, e);
    }
    try {
      return readText(text);
    } catch (InvalidFeatureSpecException e) {
      throw new InvalidFeatureSpecException("In " + file + ": " + e.getMessage(), e);
    }
  }

  public FeatureSpec readText(String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFeatureSpecException(
          "Feature spec is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.has(ROOT)) {
      throw new InvalidFeatureSpecException(
          "Feature spec must be a mapping with the root key '" + ROOT + "'", null);
    }
    Iterator<String> keys = root.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!ROOT.equals(k)) {
        throw new InvalidFeatureSpecException(
            "Unknown key " + k + " in feature spec: expected only '" + ROOT + "'", null);
      }
    }
    return bind(root.get(ROOT), ROOT);
  }

  public FeatureSpec bind(JsonNode section, String path) {
    if (section == null || !section.isObject()) {
      throw new InvalidFeatureSpecException(
          path, section == null ? null : section.getNodeType(), "must be a mapping of features");
    }
    try {
      return yaml.treeToValue(section, FeatureSpec.class);
    } catch (JsonMappingException e) {
      throw translate(e, path);
    } catch (JsonProcessingException e) {
      throw new InvalidFeatureSpecException("Invalid " + path + ": " + e.getOriginalMessage(), e);
    }
  }

  private static InvalidFeatureSpecException translate(JsonMappingException e, String prefix) {
    String where = prefix + path(e);
    if (e.getCause() instanceof InvalidFeatureSpecException cause) {
      return cause.withPrefix(where);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return new InvalidFeatureSpecException(
          "Unknown key "
              + where
              + ": expected one of "
              + (u.getKnownPropertyIds() == null ? "[]" : u.getKnownPropertyIds()),
          e);
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      String expected =
          target != null && target.isEnum()
              ? "must be one of " + enumNames(target)
              : "must be of type " + (target == null ? "?" : target.getSimpleName());
      return new InvalidFeatureSpecException(where, f.getValue(), expected);
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return new InvalidFeatureSpecException(
          "Invalid value for " + where + ": expected " + describe(m.getTargetType()), e);
    }
    return new InvalidFeatureSpecException(
        "Invalid value for " + where + ": " + e.getOriginalMessage(), e);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String enumNames(Class<?> type) {
    return Arrays.toString(
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .toArray());
  }

  private static String describe(Class<?> type) {
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type == String.class || type == Boolean.class) {
      return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
    return "a mapping";
  }
}
