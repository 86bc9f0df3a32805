package io.varanus.engine.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bundle's {@code manifest.json}: format version, model version, when it was created, its
 * provenance, library versions, the SHA-256 of every other file in the bundle and, when the bundle
 * carries a replay store, where its events came from (null for bundles without one).
 */
public record BundleManifest(
    int formatVersion,
    String modelVersion,
    String createdAt,
    String parentVersion,
    Provenance provenance,
    Map<String, String> libraries,
    Map<String, String> files,
    @JsonInclude(JsonInclude.Include.NON_NULL) ReplayStore.Summary replay) {

  public static final int FORMAT_VERSION = 1;

  public BundleManifest {
    libraries = Map.copyOf(libraries);
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }
}
