package io.varanus.engine.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * The bundle's {@code manifest.json}: format version, model version, when it was created, its
 * provenance, library versions and the SHA-256 of every other file in the bundle.
 */
public record BundleManifest(
    int formatVersion,
    String modelVersion,
    String createdAt,
    String parentVersion,
    Provenance provenance,
    Map<String, String> libraries,
    Map<String, String> files) {

  public static final int FORMAT_VERSION = 1;

  public BundleManifest {
    libraries = Map.copyOf(libraries);
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }
}
