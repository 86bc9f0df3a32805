package io.varanus.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.models.calibration.Calibration;
import io.varanus.models.vae.DenseLayer;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.SurpriseBound;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads a {@link VaeModel} as two files in a directory: {@code vae.json} (format version,
 * layout, hyper-parameters, calibration, the weights file's SHA-256) and {@code vae-weights.bin}
 * (the weight arrays in ND4J's binary format, in a fixed order). Loading refuses another format
 * version, a checksum that does not match (truncated or altered weights) and weights whose shapes
 * do not fit the layout, each with a message that says which. No Java serialization.
 */
public final class VaeModelFiles {

  public static final int FORMAT_VERSION = 1;
  public static final String MODEL_FILE = "vae.json";
  public static final String WEIGHTS_FILE = "vae-weights.bin";
  private static final String FORMAT = "varanus-vae";
  private static final int WEIGHTS_MAGIC = 0x56524e57; // "VRNW"

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private VaeModelFiles() {}

  public static void save(VaeModel model, Path dir) {
    try {
      Files.createDirectories(dir);
      byte[] weights = weightBytes(model.weights());
      Files.write(dir.resolve(WEIGHTS_FILE), weights);
      ObjectNode root = JSON.createObjectNode();
      root.put("format", FORMAT);
      root.put("formatVersion", FORMAT_VERSION);
      root.set("layout", LayoutJson.write(model.layout()));
      root.set("config", LayoutJson.write(model.config()));
      root.set("calibration", LayoutJson.write(model.calibration()));
      SurpriseBound b = model.bound();
      if (b.bounded()) {
        ObjectNode n = root.putObject("surpriseBound");
        if (Double.isFinite(b.knee())) {
          n.put("knee", b.knee());
        }
        ArrayNode levels = n.putArray("levels");
        for (double l : b.levels()) {
          levels.add(l);
        }
        n.put("klLevel", b.klLevel());
      }
      ObjectNode w = root.putObject("weights");
      w.put("file", WEIGHTS_FILE);
      w.put("sha256", sha256(weights));
      w.put("bytes", weights.length);
      JSON.writeValue(dir.resolve(MODEL_FILE).toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model to " + dir + ": " + e.getMessage(), e);
    }
  }

  public static VaeModel load(Path dir) {
    Path modelFile = dir.resolve(MODEL_FILE);
    JsonNode root = readJson(modelFile);
    String format = root.path("format").asText("");
    if (!FORMAT.equals(format)) {
      throw new ModelFormatException(
          modelFile + ": field format is '" + format + "'; expected '" + FORMAT + "'");
    }
    int version = root.path("formatVersion").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new ModelFormatException(
          modelFile
              + ": formatVersion "
              + root.path("formatVersion")
              + " is not supported; this Varanus reads version "
              + FORMAT_VERSION
              + " (retrain the model or use a matching Varanus release)");
    }
    InputLayout layout = LayoutJson.readLayout(root.path("layout"), modelFile);
    VaeConfig config = LayoutJson.readConfig(root.path("config"), modelFile);
    Calibration calibration = LayoutJson.readCalibration(root.path("calibration"), modelFile);
    Path weightsFile = dir.resolve(root.path("weights").path("file").asText(WEIGHTS_FILE));
    byte[] bytes = readBytes(weightsFile);
    String want = root.path("weights").path("sha256").asText("");
    String have = sha256(bytes);
    if (!want.equals(have)) {
      throw new ModelFormatException(
          weightsFile
              + ": checksum mismatch, the file is truncated or altered (expected "
              + root.path("weights").path("bytes").asLong()
              + " bytes with SHA-256 "
              + want
              + ", found "
              + bytes.length
              + " bytes with SHA-256 "
              + have
              + ")");
    }
    VaeWeights weights = readWeights(bytes, weightsFile);
    List<String> problems = weights.mismatches(layout, config);
    if (!problems.isEmpty()) {
      throw new ModelFormatException(
          weightsFile
              + " does not match the layout and configuration in "
              + modelFile
              + ": "
              + String.join("; ", problems));
    }
    return new VaeModel(layout, config, weights, calibration, readBound(root, modelFile));
  }

  /** The surprise bound; models written before it existed have none and score as they did. */
  private static SurpriseBound readBound(JsonNode root, Path modelFile) {
    JsonNode b = root.get("surpriseBound");
    if (b == null || b.isNull()) {
      return SurpriseBound.NONE;
    }
    double knee = b.has("knee") ? number(b, "knee", modelFile) : Double.POSITIVE_INFINITY;
    JsonNode l = b.path("levels");
    if (!l.isArray()) {
      throw new ModelFormatException(
          modelFile + ": field surpriseBound.levels is " + l + "; expected an array of numbers");
    }
    double[] levels = new double[l.size()];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = l.get(i).isNumber() ? l.get(i).asDouble() : Double.NaN;
    }
    try {
      return new SurpriseBound(knee, levels, number(b, "klLevel", modelFile));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(modelFile + ": surpriseBound: " + e.getMessage(), e);
    }
  }

  private static double number(JsonNode parent, String field, Path modelFile) {
    JsonNode v = parent.get(field);
    if (v == null || !v.isNumber() || !(v.asDouble() > 0)) {
      throw new ModelFormatException(
          modelFile + ": field surpriseBound." + field + " is " + v + "; expected a number > 0");
    }
    return v.asDouble();
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ModelFormatException(file + ": no such file; is this a model directory?", e);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ModelFormatException(
          file + ": not valid JSON (truncated or altered?): " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(file + ": no such file; the model directory is incomplete", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] weightBytes(VaeWeights w) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeInt(WEIGHTS_MAGIC);
      out.writeInt(FORMAT_VERSION);
      List<DenseLayer> layers = w.layers();
      out.writeInt(layers.size());
      for (DenseLayer l : layers) {
        Nd4j.write(Nd4j.create(l.w(), new long[] {l.in(), l.out()}, 'c'), out);
        Nd4j.write(Nd4j.create(l.b(), new long[] {l.out()}, 'c'), out);
      }
      float[] raw = w.rawVariance();
      out.writeInt(raw.length);
      if (raw.length > 0) {
        Nd4j.write(Nd4j.create(raw, new long[] {raw.length}, 'c'), out);
      }
    }
    return buf.toByteArray();
  }

  private static VaeWeights readWeights(byte[] bytes, Path file) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != WEIGHTS_MAGIC) {
        throw new ModelFormatException(file + ": not a Varanus weights file (bad magic number)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new ModelFormatException(
            file + ": weights format version " + version + "; expected " + FORMAT_VERSION);
      }
      int n = in.readInt();
      if (n < 4 || n > 1000) {
        throw new ModelFormatException(file + ": implausible layer count " + n);
      }
      List<DenseLayer> layers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        INDArray w = Nd4j.read(in);
        INDArray b = Nd4j.read(in);
        if (w.rank() != 2 || b.length() != w.size(1)) {
          throw new ModelFormatException(
              file
                  + ": layer "
                  + i
                  + " has a weight matrix of shape "
                  + shape(w)
                  + " and a bias of length "
                  + b.length());
        }
        layers.add(new DenseLayer((int) w.size(0), (int) w.size(1), floats(w), floats(b)));
      }
      int nRaw = in.readInt();
      float[] raw = nRaw > 0 ? floats(Nd4j.read(in)) : new float[0];
      int nEnc = (n - 3) / 2;
      int nDec = n - 3 - nEnc;
      return new VaeWeights(
          layers.subList(0, nEnc),
          layers.get(nEnc),
          layers.get(nEnc + 1),
          layers.subList(nEnc + 2, nEnc + 2 + nDec),
          layers.get(n - 1),
          raw);
    } catch (EOFException e) {
      throw new ModelFormatException(file + ": ends early (truncated)", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelFormatException m) {
        throw m;
      }
      throw new ModelFormatException(file + ": cannot read weights: " + e.getMessage(), e);
    }
  }

  private static String shape(INDArray a) {
    return java.util.Arrays.toString(a.shape());
  }

  private static float[] floats(INDArray a) {
    return a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
  }

  /** Lower-case hex SHA-256, as model and bundle manifests record it. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }
}
