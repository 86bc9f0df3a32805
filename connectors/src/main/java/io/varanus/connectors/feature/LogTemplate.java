package io.varanus.connectors.feature;

import java.util.List;
import java.util.Objects;

/**
 * A mined log template: its tokens with {@value TemplateMiner#WILDCARD} where lines differ, the
 * parse-tree route it is stored under (token count, then leading tokens) and how many training
 * lines it matched.
 *
 * @param id 1-based, in order of creation
 * @param route keys of the internal parse-tree nodes above the template's leaf
 * @param tokens the template's tokens
 * @param count training lines grouped into the template
 */
public record LogTemplate(int id, List<String> route, List<String> tokens, long count) {

  public LogTemplate {
    if (id < 1) {
      throw new IllegalArgumentException("Template id must be >= 1, found " + id);
    }
    route = List.copyOf(Objects.requireNonNull(route, "route"));
    tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
    if (count < 0) {
      throw new IllegalArgumentException("Template count must be >= 0, found " + count);
    }
  }

  /** The template as one line, tokens joined by single spaces. */
  public String text() {
    return String.join(" ", tokens);
  }
}
