package io.varanus.engine.retrain;

import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ReadStats;
import io.varanus.engine.offline.ScoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads a retrain window in order, scoring it in batches, and reports the progress of a pass. */
final class WindowScan {

  private static final int BATCH = 1024;
  private static final int REPORT_EVERY = 8192;

  private final RetrainListener listener;

  WindowScan(RetrainListener listener) {
    this.listener = listener;
  }

  /** Reads a window in order and scores it in batches, handing each scored event to the sink. */
  ReadStats scoreAll(
      EventReader reader,
      BundleScorer scorer,
      String pass,
      long total,
      Consumer<ScoredEvent> sink) {
    List<LabeledEvent> batch = new ArrayList<>(BATCH);
    long[] seen = {0};
    ReadStats stats =
        reader.forEach(
            e -> {
              batch.add(e);
              if (batch.size() == BATCH) {
                scorer.score(batch).forEach(sink);
                batch.clear();
              }
              progress(listener, pass, reader, seen[0]++, total);
            });
    scorer.score(batch).forEach(sink);
    listener.passFinished(pass);
    return stats;
  }

  /** Tells the listener how far a pass has read, every {@value #REPORT_EVERY} events. */
  static void progress(
      RetrainListener listener, String pass, EventReader reader, long i, long total) {
    if (i % REPORT_EVERY == 0) {
      listener.read(pass, reader.stats().records(), total);
    }
  }
}
