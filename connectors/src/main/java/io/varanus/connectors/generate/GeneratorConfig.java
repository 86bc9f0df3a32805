package io.varanus.connectors.generate;

import java.time.Instant;
import java.util.Objects;

/**
 * What to generate: the stream, how many events, the expected fraction of attack events (0 to 0.9),
 * the time of the first event and the seed. The same config always gives the same events.
 */
public record GeneratorConfig(
    LogStream stream, long events, double attackRate, Instant start, long seed) {

  public GeneratorConfig {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(start, "start");
    if (events < 0) {
      throw new IllegalArgumentException("Invalid value " + events + " for events: must be >= 0");
    }
    if (!(attackRate >= 0 && attackRate <= 0.9)) {
      throw new IllegalArgumentException(
          "Invalid value " + attackRate + " for attack rate: must be between 0 and 0.9");
    }
  }

  /** A config starting Monday 2024-03-04 00:00 UTC. */
  public static GeneratorConfig of(LogStream stream, long events, double attackRate, long seed) {
    return new GeneratorConfig(
        stream, events, attackRate, Instant.parse("2024-03-04T00:00:00Z"), seed);
  }
}
