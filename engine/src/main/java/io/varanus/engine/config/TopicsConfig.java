package io.varanus.engine.config;

import java.util.List;

/**
 * The {@code topics:} section of {@code varanus run}: the input topics, the topic alerts go to and
 * the dead-letter topic for records that cannot be parsed.
 */
public record TopicsConfig(List<String> input, String alerts, String deadLetter) {

  public static final String DEFAULT_ALERTS = "varanus-alerts";
  public static final String DEFAULT_DEAD_LETTER = "varanus-dead-letters";

  public TopicsConfig {
    input = List.copyOf(input);
  }
}
