package io.varanus.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.models.calibration.Calibration;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.VaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Explicit JSON for layout, hyper-parameters and calibration; every field is named and checked. */
final class LayoutJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private LayoutJson() {}

  static ArrayNode write(InputLayout layout) {
    ArrayNode a = F.arrayNode();
    for (InputLayout.Block b : layout.blocks()) {
      ObjectNode o = a.addObject();
      o.put("name", b.name());
      if (b instanceof InputLayout.Categorical c) {
        o.put("type", "categorical");
        o.put("size", c.size());
      } else {
        o.put("type", "continuous");
      }
    }
    return a;
  }

  static ObjectNode write(VaeConfig c) {
    ObjectNode o = F.objectNode();
    ArrayNode hidden = o.putArray("encoderHidden");
    c.encoderHidden().forEach(hidden::add);
    o.put("latentDim", c.latentDim());
    o.put("learningRate", c.learningRate());
    o.put("batchSize", c.batchSize());
    o.put("maxEpochs", c.maxEpochs());
    o.put("patience", c.patience());
    o.put("validationFraction", c.validationFraction());
    o.put("klWarmupEpochs", c.klWarmupEpochs());
    o.put("minVariance", c.minVariance());
    o.put("scoreSamples", c.scoreSamples());
    o.put("seed", c.seed());
    return o;
  }

  static JsonNode write(Calibration c) {
    if (c == null) {
      return NullNode.getInstance();
    }
    ObjectNode o = F.objectNode();
    o.put("targetFpr", c.targetFpr());
    o.put("threshold", c.threshold());
    o.put("sampleSize", c.sampleSize());
    ArrayNode q = o.putArray("quantiles");
    for (double v : c.quantiles()) {
      q.add(v);
    }
    return o;
  }

  static InputLayout readLayout(JsonNode node, Path file) {
    if (!node.isArray() || node.isEmpty()) {
      throw bad(file, "layout", node, "a non-empty array of blocks");
    }
    List<InputLayout.Block> blocks = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode b = node.get(i);
      String where = "layout[" + i + "]";
      String name = text(b, "name", file, where);
      String type = text(b, "type", file, where);
      try {
        switch (type) {
          case "continuous" -> blocks.add(new InputLayout.Continuous(name));
          case "categorical" ->
              blocks.add(new InputLayout.Categorical(name, integer(b, "size", file, where)));
          default ->
              throw bad(file, where + ".type", b.get("type"), "'continuous' or 'categorical'");
        }
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(file + ": " + where + ": " + e.getMessage(), e);
      }
    }
    return new InputLayout(blocks);
  }

  static VaeConfig readConfig(JsonNode c, Path file) {
    if (!c.isObject()) {
      throw bad(file, "config", c, "an object");
    }
    List<Integer> hidden = new ArrayList<>();
    JsonNode h = c.path("encoderHidden");
    if (!h.isArray()) {
      throw bad(file, "config.encoderHidden", h, "an array of layer sizes");
    }
    h.forEach(n -> hidden.add(n.asInt()));
    try {
      return new VaeConfig(
          hidden,
          integer(c, "latentDim", file, "config"),
          number(c, "learningRate", file),
          integer(c, "batchSize", file, "config"),
          integer(c, "maxEpochs", file, "config"),
          integer(c, "patience", file, "config"),
          number(c, "validationFraction", file),
          integer(c, "klWarmupEpochs", file, "config"),
          number(c, "minVariance", file),
          integer(c, "scoreSamples", file, "config"),
          c.path("seed").asLong());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  static Calibration readCalibration(JsonNode c, Path file) {
    if (c.isMissingNode() || c.isNull()) {
      return null;
    }
    JsonNode q = c.path("quantiles");
    if (!q.isArray()) {
      throw bad(file, "calibration.quantiles", q, "an array of sorted scores");
    }
    double[] quantiles = new double[q.size()];
    for (int i = 0; i < quantiles.length; i++) {
      quantiles[i] = q.get(i).asDouble();
    }
    try {
      return new Calibration(
          number(c, "targetFpr", file),
          number(c, "threshold", file),
          quantiles,
          integer(c, "sampleSize", file, "calibration"));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(file + ": calibration: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, Path file, String where) {
    JsonNode v = n.path(field);
    if (!v.isTextual()) {
      throw bad(file, where + "." + field, v, "a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, String field, Path file, String where) {
    JsonNode v = n.path(field);
    if (!v.canConvertToInt()) {
      throw bad(file, where + "." + field, v, "an integer");
    }
    return v.asInt();
  }

  private static double number(JsonNode n, String field, Path file) {
    JsonNode v = n.path(field);
    if (!v.isNumber()) {
      throw bad(file, field, v, "a number");
    }
    return v.asDouble();
  }

  private static ModelFormatException bad(
      Path file, String field, JsonNode value, String expected) {
    String found = value == null || value.isMissingNode() ? "missing" : value.toString();
    return new ModelFormatException(
        file + ": field " + field + " is " + found + "; expected " + expected);
  }
}
