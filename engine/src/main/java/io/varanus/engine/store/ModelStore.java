package io.varanus.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of model bundle versions, {@code <store>/<version>/}, shared by every instance of a
 * service. The current version is the one named in the file {@code CURRENT} when it exists, else
 * the greatest version directory by name (versions written by {@code train} sort by time). Names
 * starting with a dot are work in progress and ignored.
 *
 * <p>{@link #publish} copies a bundle into a hidden directory, renames it into place and then
 * rewrites {@code CURRENT} with an atomic rename, so readers never see half a version.
 */
public final class ModelStore {

  public static final String CURRENT = "CURRENT";

  private final Path dir;

  public ModelStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The directory of {@code version}. */
  public Path path(String version) {
    if (version.isEmpty() || version.startsWith(".") || version.contains("/")) {
      throw new IllegalArgumentException("Invalid model version name '" + version + "'");
    }
    return dir.resolve(version);
  }

  /** The version the store designates now, or empty when it holds none. */
  public Optional<String> currentVersion() {
    Path pointer = dir.resolve(CURRENT);
    try {
      if (Files.isRegularFile(pointer)) {
        String v = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
      }
      return versions().stream().max(Comparator.naturalOrder());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model store " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The version directories, in no particular order. */
  public List<String> versions() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .toList();
    }
  }

  /**
   * Copies the bundle in {@code bundleDir} into the store as {@code version} and makes it current.
   *
   * @throws FileAlreadyExistsException when the store already holds that version
   */
  public Path publish(Path bundleDir, String version) throws IOException {
    Path target = path(version);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "version already in store");
    }
    Files.createDirectories(dir);
    Path staging = Files.createTempDirectory(dir, ".publish-");
    try (Stream<Path> files = Files.list(bundleDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, staging.resolve(f.getFileName()));
      }
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    promote(version);
    return target;
  }

  /** Points {@code CURRENT} at {@code version} (an atomic rename). */
  public void promote(String version) throws IOException {
    if (!Files.isDirectory(path(version))) {
      throw new IOException("Model store " + dir + " has no version " + version);
    }
    Path tmp = Files.createTempFile(dir, ".current-", ".tmp");
    Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
  }
}
