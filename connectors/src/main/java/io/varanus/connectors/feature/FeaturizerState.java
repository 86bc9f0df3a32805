package io.varanus.connectors.feature;

import io.varanus.connectors.feature.internal.StateCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything fitted on training data, with the spec it was fitted for: standardization statistics
 * per continuous block, vocabularies per fitted categorical block and mined templates per text
 * feature. Serialized as JSON with a format version ({@link #FORMAT_VERSION}); saving a loaded
 * state gives the same bytes. Version 1 predates the text features' novelty column: its text
 * entries have no {@code novelty} key and read as {@code novelty: false}, so a version-1 state
 * gives the same schema and the same vectors as when it was written. Per-entity window contents are
 * runtime state and are not part of it: a featurizer built from a state starts with empty windows
 * and rebuilds them from the stream.
 *
 * @param version the format version: {@link #FORMAT_VERSION} for states fitted by this build, or
 *     {@link #FIRST_VERSION} for a loaded older state
 * @param spec the spec the state was fitted for
 * @param scalers one per standardized continuous block, in schema order
 * @param vocabularies one per fitted categorical block, in schema order
 * @param templates one per text feature, in spec order
 */
public record FeaturizerState(
    int version,
    FeatureSpec spec,
    List<Scaler> scalers,
    List<Vocabulary> vocabularies,
    List<TemplateSet> templates) {

  /** The format version this build writes. */
  public static final int FORMAT_VERSION = 2;

  /** The oldest format version this build reads. */
  public static final int FIRST_VERSION = 1;

  public FeaturizerState {
    if (version < FIRST_VERSION || version > FORMAT_VERSION) {
      throw new InvalidFeaturizerStateException(unsupported(version));
    }
    Objects.requireNonNull(spec, "spec");
    if (version == 1 && spec.text().stream().anyMatch(TextFeatureSpec::novelty)) {
      throw new InvalidFeaturizerStateException(
          "Featurizer state version 1 cannot hold text features with novelty: true");
    }
    scalers = List.copyOf(scalers);
    vocabularies = List.copyOf(vocabularies);
    templates = List.copyOf(templates);
  }

  /** The message for a state of an unsupported {@code version}. */
  public static String unsupported(int version) {
    return "Unsupported featurizer state version "
        + version
        + ": this build reads versions "
        + FIRST_VERSION
        + " to "
        + FORMAT_VERSION
        + "; refit the featurizer or use a matching Varanus release";
  }

  /** The state as JSON text (UTF-8, indented, stable key order). */
  public String toJson() {
    return new StateCodec().write(this);
  }

  /** Reads a state written by {@link #toJson()}, rejecting unknown versions. */
  public static FeaturizerState fromJson(String json) {
    return new StateCodec().read(json);
  }

  public void save(Path file) {
    new StateCodec().save(this, file);
  }

  public static FeaturizerState load(Path file) {
    return new StateCodec().load(file);
  }

  /** The mined templates of text feature {@code name}, in order of creation. */
  public List<LogTemplate> templatesOf(String name) {
    return templates.stream()
        .filter(t -> t.feature().equals(name))
        .findFirst()
        .map(TemplateSet::templates)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No text feature named "
                        + name
                        + "; found "
                        + templates.stream().map(TemplateSet::feature).toList()));
  }

  /** Standardization of one continuous block: {@code z = (transformed - mean) / std}. */
  public record Scaler(String feature, double mean, double std) {
    public Scaler {
      Objects.requireNonNull(feature, "feature");
      if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
        throw new InvalidFeaturizerStateException(
            "Scaler of "
                + feature
                + " needs a finite mean and a finite std > 0, found mean="
                + mean
                + " std="
                + std);
      }
    }
  }

  /** The fitted categories of one categorical block, most frequent first. */
  public record Vocabulary(String feature, List<String> values) {
    public Vocabulary {
      Objects.requireNonNull(feature, "feature");
      values = List.copyOf(values);
      if (values.stream().distinct().count() != values.size()
          || values.contains(CategoricalFeatureSpec.OTHER)
          || values.contains(CategoricalFeatureSpec.MISSING)) {
        throw new InvalidFeaturizerStateException(
            "Vocabulary of "
                + feature
                + " must hold distinct values other than __other__ and"
                + " __missing__; found "
                + values.size()
                + " values");
      }
    }
  }

  /** The templates mined for one text feature. */
  public record TemplateSet(String feature, List<LogTemplate> templates) {
    public TemplateSet {
      Objects.requireNonNull(feature, "feature");
      templates = List.copyOf(templates);
    }
  }
}
