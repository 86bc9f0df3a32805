package io.varanus.engine.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A bounded sample of raw normal events from every training window a model's lineage has seen, kept
 * in the bundle ({@code replay.jsonl.gz}, covered by the manifest's checksums) so that {@code
 * retrain} can mix them into its training rows: the rare but normal events that a retrain excludes
 * as suspected attacks (the current model grades them high) stay represented. {@code train} writes
 * the first generation (a sample of its normal training events); each retrain writes the next by
 * continuing the reservoir over the events it kept, so the store stays a uniform sample of all
 * normal events offered to it, at most {@code capacity}. Formats whose lines need their source's
 * header (CSV with a header line, Zeek TSV directives) get it from {@code headers}: the first
 * {@value #MAX_HEADERS_PER_SOURCE} header records of every source that events of the store come
 * from, replayed first.
 *
 * @param events the sample, at most {@code capacity}
 * @param headers header records of the events' sources, in their order per source
 * @param seen events offered to the sample over all generations
 * @param generations where the events came from, oldest first
 */
public record ReplayStore(
    List<ReplayEvent> events,
    List<ReplayEvent> headers,
    int capacity,
    long seen,
    List<Generation> generations) {

  /** Header records kept per source at most. */
  public static final int MAX_HEADERS_PER_SOURCE = 16;

  /** No replay: bundles from before the replay store, or {@code retrain.replay-size: 0}. */
  public static final ReplayStore NONE = new ReplayStore(List.of(), List.of(), 0, 0, List.of());

  public ReplayStore {
    events = List.copyOf(events);
    headers = List.copyOf(headers);
    generations = List.copyOf(generations);
    if (events.size() > capacity) {
      throw new IllegalArgumentException(
          "the replay store holds "
              + events.size()
              + " events, more than its capacity "
              + capacity);
    }
  }

  /**
   * One training window's contribution.
   *
   * @param number 1 for the model {@code train} wrote, one more for each retrain
   * @param modelVersion the model whose bundle first carried these events
   * @param window the window (files or topic range) they were read from
   * @param offered normal events of that window offered to the sample
   * @param events of those, how many this store holds
   */
  public record Generation(
      int number, String modelVersion, String window, long offered, long events) {}

  /** What the manifest records about the store (everything but the events). */
  public record Summary(
      int capacity, long seen, int size, int headers, List<Generation> generations) {
    public Summary {
      generations = List.copyOf(generations);
    }
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  public Summary summary() {
    return new Summary(capacity, seen, events.size(), headers.size(), generations);
  }

  /** The newest generation's number, 0 when there is none. */
  public int lastGeneration() {
    return generations.stream().mapToInt(Generation::number).max().orElse(0);
  }

  /** This store with {@code version} as the model version of generations that have none yet. */
  public ReplayStore stamped(String version) {
    List<Generation> gens = new ArrayList<>();
    for (Generation g : generations) {
      gens.add(
          g.modelVersion() != null
              ? g
              : new Generation(g.number(), version, g.window(), g.offered(), g.events()));
    }
    return new ReplayStore(events, headers, capacity, seen, gens);
  }

  /**
   * Starts the next generation: a reservoir (algorithm R) that continues this store's, so that
   * after the new window's events it is a uniform sample of everything offered so far. A smaller
   * {@code capacity} than the store's first subsamples the store.
   */
  public Sampler next(int capacity, String window, long seed) {
    return new Sampler(this, capacity, window, new SplittableRandom(seed));
  }

  /** Collects the next generation; see {@link #next}. */
  public static final class Sampler {
    private final ReplayStore previous;
    private final int capacity;
    private final int generation;
    private final String window;
    private final SplittableRandom rnd;
    private final List<ReplayEvent> items;
    private final Map<String, List<ReplayEvent>> headers = new LinkedHashMap<>();
    private final java.util.Set<String> earlierHeaders = new java.util.HashSet<>();
    private long seen;
    private long offered;

    private Sampler(ReplayStore previous, int capacity, String window, SplittableRandom rnd) {
      this.previous = previous;
      this.capacity = capacity;
      this.generation = previous.lastGeneration() + 1;
      this.window = window;
      this.rnd = rnd;
      this.items = new ArrayList<>(previous.events());
      while (items.size() > capacity) {
        items.remove(rnd.nextInt(items.size()));
      }
      this.seen = Math.max(previous.seen(), items.size());
      for (ReplayEvent h : previous.headers()) {
        headers.computeIfAbsent(h.source(), k -> new ArrayList<>()).add(h);
      }
      earlierHeaders.addAll(headers.keySet());
    }

    /**
     * Keeps a record the format consumed as a header of its source: the first {@value
     * #MAX_HEADERS_PER_SOURCE} per source, unless the store has headers of that source already.
     */
    public void header(io.varanus.connectors.source.RawRecord record) {
      String source = record.origin().source();
      if (earlierHeaders.contains(source)) {
        return;
      }
      List<ReplayEvent> kept = headers.computeIfAbsent(source, k -> new ArrayList<>());
      if (kept.size() < MAX_HEADERS_PER_SOURCE) {
        kept.add(ReplayEvent.header(record, generation));
      }
    }

    /** The number the new generation's events carry. */
    public int generation() {
      return generation;
    }

    /** Offers one normal event of the new window. */
    public void offer(ReplayEvent e) {
      offered++;
      seen++;
      if (capacity == 0) {
        return;
      }
      if (items.size() < capacity) {
        items.add(e);
        return;
      }
      long j = rnd.nextLong(seen);
      if (j < capacity) {
        items.set((int) j, e);
      }
    }

    /** The next store; its new generation has no model version until the bundle is saved. */
    public ReplayStore finish() {
      Map<Integer, Long> counts = new LinkedHashMap<>();
      items.forEach(e -> counts.merge(e.generation(), 1L, Long::sum));
      List<Generation> gens = new ArrayList<>();
      for (Generation g : previous.generations()) {
        gens.add(
            new Generation(
                g.number(),
                g.modelVersion(),
                g.window(),
                g.offered(),
                counts.getOrDefault(g.number(), 0L)));
      }
      gens.add(
          new Generation(generation, null, window, offered, counts.getOrDefault(generation, 0L)));
      java.util.Set<String> sources = new java.util.HashSet<>();
      items.forEach(e -> sources.add(e.source()));
      List<ReplayEvent> kept = new ArrayList<>();
      headers.forEach(
          (source, records) -> {
            if (sources.contains(source)) {
              kept.addAll(records);
            }
          });
      return new ReplayStore(items, kept, capacity, seen, gens);
    }
  }
}
