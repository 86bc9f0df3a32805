package io.varanus.connectors.generate;

import java.time.Instant;
import java.util.Objects;

/**
 * What to generate: the stream, how many events, the expected fraction of attack events (0 to 0.9),
 * the time of the first event, the seed, and the drift (0 to 1): the share of normal sessions that
 * show normal behaviour a drift of 0 never has (web: newer browsers, a new site section, visitors
 * from a new address range; ssh: new users from a new subnet; flow: clients of a new subnet and a
 * new service), each kind drawn on its own with this probability. The same config always gives the
 * same events, and a drift of 0 the same events as before drift existed.
 */
public record GeneratorConfig(
    LogStream stream, long events, double attackRate, Instant start, long seed, double drift) {

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
    if (!(drift >= 0 && drift <= 1)) {
      throw new IllegalArgumentException(
          "Invalid value " + drift + " for drift: must be between 0 and 1");
    }
  }

  /** A config without drift. */
  public GeneratorConfig(
      LogStream stream, long events, double attackRate, Instant start, long seed) {
    this(stream, events, attackRate, start, seed, 0);
  }

  /** A config starting Monday 2024-03-04 00:00 UTC. */
  public static GeneratorConfig of(LogStream stream, long events, double attackRate, long seed) {
    return new GeneratorConfig(
        stream, events, attackRate, Instant.parse("2024-03-04T00:00:00Z"), seed);
  }
}
