package io.varanus.connectors.generate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The synthetic, labeled security-log generator used by the demo and the default tests. Events come
 * in time order; the same config (including the seed) always yields the same events.
 *
 * <pre>{@code
 * GeneratorConfig config = GeneratorConfig.of(LogStream.SSH, 10_000, 0.05, 42);
 * for (GeneratedEvent e : SecurityLogGenerator.generate(config)) { ... e.line(), e.label() ... }
 * LogFormat format = LogFormats.create(config.stream().formatName(), config.stream().formatOptions(config));
 * }</pre>
 */
public final class SecurityLogGenerator {

  private SecurityLogGenerator() {}

  /** Events one by one, without holding them in memory. */
  public static Iterator<GeneratedEvent> iterator(GeneratorConfig config) {
    return switch (config.stream()) {
      case SSH -> new SshGenerator(config);
      case WEB -> new WebGenerator(config);
      case FLOW -> new FlowGenerator(config);
    };
  }

  public static Stream<GeneratedEvent> stream(GeneratorConfig config) {
    return StreamSupport.stream(
        Spliterators.spliterator(
            iterator(config), config.events(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** All events in a list. */
  public static List<GeneratedEvent> generate(GeneratorConfig config) {
    List<GeneratedEvent> out = new ArrayList<>((int) Math.min(config.events(), 1 << 20));
    iterator(config).forEachRemaining(out::add);
    return out;
  }
}
