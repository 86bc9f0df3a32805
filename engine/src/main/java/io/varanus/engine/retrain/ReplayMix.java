package io.varanus.engine.retrain;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormat;
import io.varanus.connectors.parse.LogFormats;
import io.varanus.engine.bundle.ReplayEvent;
import io.varanus.engine.bundle.ReplayStore;
import io.varanus.engine.config.ConfigException;
import io.varanus.engine.config.EngineConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The current model's replay store, parsed again for a retrain with the input format: each event
 * with the time it had when first parsed and its window features as its own stream gave them. A
 * retrain mixes a uniform sample of them into its training rows, at most {@code
 * retrain.replay-share} of them, so that the rare normal events it excludes as suspected attacks
 * stay represented. Records that no longer parse on their own (a format whose lines need context,
 * e.g. Zeek TSV's #fields header, or an input format changed since) are counted and left out.
 */
final class ReplayMix {

  /** One parsed replay event. */
  record Replayed(LogEvent event, Map<String, Double> windows) {}

  private final List<Replayed> events;
  private final int unparsed;
  private final ReplayStore store;

  private ReplayMix(ReplayStore store, List<Replayed> events, int unparsed) {
    this.store = store;
    this.events = events;
    this.unparsed = unparsed;
  }

  /**
   * Parses {@code store}'s events with {@code input}'s format; none when {@code enabled} is off.
   */
  static ReplayMix parse(
      ReplayStore store, EngineConfig.InputConfig input, Clock clock, boolean enabled) {
    if (!enabled || store.isEmpty()) {
      return new ReplayMix(store, List.of(), 0);
    }
    LogFormat format;
    try {
      format = LogFormats.create(input.format(), input.options(), clock);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("input: " + e.getMessage(), e);
    }
    List<Replayed> out = new ArrayList<>(store.events().size());
    for (ReplayEvent h : store.headers()) {
      try {
        format.parse(h.record());
      } catch (InvalidEventException e) {
        // a header: the format keeps it for the source's events
      }
    }
    int failed = 0;
    for (ReplayEvent r : store.events()) {
      try {
        LogEvent e = format.parse(r.record());
        LogEvent timed =
            r.instant() == null ? e : new LogEvent(r.instant(), e.fields(), e.origin());
        out.add(new Replayed(timed, r.windows()));
      } catch (InvalidEventException e) {
        failed++;
      }
    }
    return new ReplayMix(store, List.copyOf(out), failed);
  }

  /** The parsed events. */
  List<Replayed> events() {
    return events;
  }

  /** Events of the store that did not parse. */
  int unparsed() {
    return unparsed;
  }

  ReplayStore store() {
    return store;
  }

  /**
   * A uniform sample of the parsed events, as many as make {@code share} of the training rows
   * alongside {@code windowRows} rows of the window (all of them when they are fewer), in the
   * store's order.
   */
  List<Replayed> choose(long windowRows, double share, long seed) {
    long wanted = share <= 0 ? 0 : (long) Math.floor(windowRows * share / (1 - share));
    if (wanted >= events.size()) {
      return events;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> idx = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      idx.add(i);
    }
    for (int i = 0; i < wanted; i++) {
      int j = i + rnd.nextInt(events.size() - i);
      java.util.Collections.swap(idx, i, j);
    }
    return idx.subList(0, (int) wanted).stream().sorted().map(events::get).toList();
  }
}
