package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.internal.SpecChecks.atLeast;
import static io.varanus.connectors.feature.internal.SpecChecks.inRange;
import static io.varanus.connectors.feature.internal.SpecChecks.or;
import static io.varanus.connectors.feature.internal.SpecChecks.positive;
import static io.varanus.connectors.feature.internal.SpecChecks.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A free-text field mined into log templates with a Drain-style parse tree (He et al., ICWS 2017).
 * Emits {@code <name>.template} (the {@code top-k} most frequent templates plus {@code __other__}
 * and {@code __missing__}), {@code <name>.unseen} ({@code {seen, unseen}}: no training template
 * matches), {@code <name>.tokens} (log1p of the token count, standardized) and, with {@code
 * novelty}, {@code <name>.novelty}: how far the line is from every training template, 0 when it
 * matches one (see {@code TemplateNovelty}), standardized.
 *
 * @param field the text field (default {@code message})
 * @param name the feature name (defaults to the field)
 * @param topK templates kept as categories (default 50)
 * @param minCount minimum training lines of a kept template (default 1)
 * @param similarity Drain's similarity threshold in (0, 1] (default 0.5)
 * @param depth depth of the parse tree, >= 3: depth - 2 leading tokens route a line (default 4)
 * @param maxChildren children per internal node before new tokens share a wildcard (default 100)
 * @param maxTemplates templates kept at most; lines of new kinds beyond that stay unseen (10000)
 * @param novelty emit {@code <name>.novelty} (default true; false in states of format version 1,
 *     which predate it)
 */
public record TextFeatureSpec(
    String field,
    String name,
    @JsonProperty("top-k") Integer topK,
    @JsonProperty("min-count") Integer minCount,
    Double similarity,
    Integer depth,
    @JsonProperty("max-children") Integer maxChildren,
    @JsonProperty("max-templates") Integer maxTemplates,
    Boolean novelty) {

  public TextFeatureSpec {
    field = requireText("field", or(field, "message"));
    name = or(name, field);
    topK = positive("top-k", topK, 50);
    minCount = atLeast("min-count", minCount, 1, 1);
    similarity = inRange("similarity", similarity, 0.5, 0.01, 1.0);
    depth = atLeast("depth", depth, 4, 3);
    maxChildren = positive("max-children", maxChildren, 100);
    maxTemplates = positive("max-templates", maxTemplates, 10_000);
    novelty = or(novelty, Boolean.TRUE);
  }

  /** The names of the blocks this entry emits, in schema order. */
  public List<String> featureNames() {
    List<String> names =
        new ArrayList<>(List.of(name + ".template", name + ".unseen", name + ".tokens"));
    if (novelty) {
      names.add(name + ".novelty");
    }
    return List.copyOf(names);
  }

  /** A text feature on {@code field} with Drain's usual settings. */
  public static TextFeatureSpec of(String field) {
    return new TextFeatureSpec(field, null, null, null, null, null, null, null, null);
  }
}
