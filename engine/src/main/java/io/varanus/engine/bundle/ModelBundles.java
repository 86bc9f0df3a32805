package io.varanus.engine.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.config.EngineConfig;
import io.varanus.models.io.ModelFormatException;
import io.varanus.models.io.VaeModelFiles;
import io.varanus.models.vae.VaeModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads model bundles: a directory with {@code manifest.json}, {@code input.json},
 * {@code featurizer.json}, the VAE's {@code vae.json} and {@code vae-weights.bin}, and {@code
 * training-sample.bin}, and when there is a replay store {@code replay.jsonl.gz} (one {@link
 * ReplayEvent} per line). The manifest holds the SHA-256 of each file; loading verifies the format
 * version, every checksum and that the featurizer schema matches the model. Bundles written before
 * the replay store have neither the file nor the manifest's {@code replay}, and load without one.
 */
public final class ModelBundles {

  public static final String MANIFEST = "manifest.json";
  public static final String INPUT = "input.json";
  public static final String FEATURIZER = "featurizer.json";
  public static final String SAMPLE = "training-sample.bin";
  public static final String REPLAY = "replay.jsonl.gz";
  private static final int SAMPLE_MAGIC = 0x56525453; // "VRTS"
  private static final List<String> BUNDLE_FILES =
      List.of(INPUT, FEATURIZER, VaeModelFiles.MODEL_FILE, VaeModelFiles.WEIGHTS_FILE, SAMPLE);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelBundles() {}

  /**
   * Writes the bundle's files into {@code dir} and returns the manifest with their checksums. The
   * given manifest's {@code files} are ignored.
   */
  public static BundleManifest save(
      BundleManifest draft,
      EngineConfig.InputConfig input,
      FeaturizerState featurizer,
      VaeModel model,
      float[][] sample,
      ReplayStore replay,
      Path dir) {
    ReplayStore stamped = replay == null ? ReplayStore.NONE : replay.stamped(draft.modelVersion());
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(INPUT), JSON.writeValueAsString(input));
      featurizer.save(dir.resolve(FEATURIZER));
      VaeModelFiles.save(model, dir);
      Files.write(dir.resolve(SAMPLE), sampleBytes(sample));
      List<String> written = new java.util.ArrayList<>(BUNDLE_FILES);
      if (stamped.generations().isEmpty()) {
        Files.deleteIfExists(dir.resolve(REPLAY));
      } else {
        Files.write(dir.resolve(REPLAY), ReplayFiles.bytes(stamped.headers(), stamped.events()));
        written.add(REPLAY);
      }
      Map<String, String> files = new LinkedHashMap<>();
      for (String f : written) {
        files.put(f, sha256(Files.readAllBytes(dir.resolve(f))));
      }
      BundleManifest manifest =
          new BundleManifest(
              BundleManifest.FORMAT_VERSION,
              draft.modelVersion(),
              draft.createdAt(),
              draft.parentVersion(),
              draft.provenance(),
              draft.libraries(),
              files,
              stamped.generations().isEmpty() ? null : stamped.summary());
      Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write bundle to " + dir + ": " + e.getMessage(), e);
    }
  }

  public static ModelBundle load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BundleException(dir + ": no such model bundle directory");
    }
    Path manifestFile = dir.resolve(MANIFEST);
    BundleManifest manifest = readManifest(manifestFile);
    if (manifest.formatVersion() != BundleManifest.FORMAT_VERSION) {
      throw new BundleException(
          manifestFile
              + ": bundle formatVersion "
              + manifest.formatVersion()
              + " is not supported; this Varanus reads version "
              + BundleManifest.FORMAT_VERSION);
    }
    for (String required : BUNDLE_FILES) {
      if (!manifest.files().containsKey(required)) {
        throw new BundleException(
            manifestFile
                + ": files has no checksum for "
                + required
                + "; every bundle file must be listed ("
                + BUNDLE_FILES
                + ")");
      }
    }
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      Path file = dir.resolve(f.getKey());
      byte[] bytes = read(file);
      String have = sha256(bytes);
      if (!have.equals(f.getValue())) {
        throw new BundleException(
            file
                + ": checksum mismatch, the file is truncated or altered (manifest says "
                + f.getValue()
                + ", file has "
                + have
                + ")");
      }
    }
    try {
      EngineConfig.InputConfig input =
          JSON.readValue(read(dir.resolve(INPUT)), EngineConfig.InputConfig.class);
      FeaturizerState state = FeaturizerState.load(dir.resolve(FEATURIZER));
      VaeModel model = VaeModelFiles.load(dir);
      float[][] sample = readSample(read(dir.resolve(SAMPLE)), dir.resolve(SAMPLE));
      return new ModelBundle(manifest, input, state, model, sample, readReplay(dir, manifest));
    } catch (ModelFormatException e) {
      throw new BundleException(e.getMessage(), e);
    } catch (IOException e) {
      throw new BundleException(dir + ": cannot read bundle: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof BundleException) {
        throw e;
      }
      throw new BundleException(dir + ": invalid bundle: " + e.getMessage(), e);
    }
  }

  private static ReplayStore readReplay(Path dir, BundleManifest manifest) throws IOException {
    ReplayStore.Summary summary = manifest.replay();
    boolean listed = manifest.files().containsKey(REPLAY);
    if (summary == null && !listed) {
      return ReplayStore.NONE;
    }
    Path file = dir.resolve(REPLAY);
    if (summary == null || !listed) {
      throw new BundleException(
          dir.resolve(MANIFEST)
              + ": "
              + (summary == null
                  ? "files lists " + REPLAY + " but the manifest has no replay summary"
                  : "replay is set but files has no checksum for " + REPLAY));
    }
    List<ReplayEvent> all = ReplayFiles.read(read(file), file);
    List<ReplayEvent> headers = all.stream().filter(ReplayEvent::header).toList();
    List<ReplayEvent> events = all.stream().filter(e -> !e.header()).toList();
    if (events.size() != summary.size()
        || headers.size() != summary.headers()
        || events.size() > summary.capacity()) {
      throw new BundleException(
          file
              + ": holds "
              + events.size()
              + " events and "
              + headers.size()
              + " header records; the manifest's replay says "
              + summary.size()
              + " and "
              + summary.headers()
              + " (capacity "
              + summary.capacity()
              + ")");
    }
    return new ReplayStore(
        events, headers, summary.capacity(), summary.seen(), summary.generations());
  }

  private static BundleManifest readManifest(Path file) {
    try {
      return JSON.readValue(read(file), BundleManifest.class);
    } catch (IOException e) {
      throw new BundleException(
          file + ": not a valid manifest (truncated or altered?): " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BundleException(file + ": missing from the bundle", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] sampleBytes(float[][] rows) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeInt(SAMPLE_MAGIC);
      out.writeInt(1);
      out.writeInt(rows.length);
      out.writeInt(rows.length == 0 ? 0 : rows[0].length);
      for (float[] r : rows) {
        for (float v : r) {
          out.writeFloat(v);
        }
      }
    }
    return buf.toByteArray();
  }

  private static float[][] readSample(byte[] bytes, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != SAMPLE_MAGIC || in.readInt() != 1) {
        throw new BundleException(file + ": not a version 1 training sample");
      }
      int n = in.readInt();
      int width = in.readInt();
      if (n < 0 || width < 0 || (long) n * width * 4 + 16 != bytes.length) {
        throw new BundleException(
            file
                + ": header says "
                + n
                + "x"
                + width
                + " but the file has "
                + bytes.length
                + " bytes");
      }
      float[][] rows = new float[n][width];
      for (float[] r : rows) {
        for (int j = 0; j < width; j++) {
          r[j] = in.readFloat();
        }
      }
      return rows;
    }
  }

  /** Lower-case hex SHA-256 of a bundle file, as the manifest records it. */
  public static String sha256(byte[] bytes) {
    return VaeModelFiles.sha256(bytes);
  }
}
