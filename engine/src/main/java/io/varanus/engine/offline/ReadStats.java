package io.varanus.engine.offline;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of what reading an input did: records, events, and rejected records by reason. */
public final class ReadStats {

  private long records;
  private long events;
  private final Map<String, Long> invalidByReason = new TreeMap<>();
  private final Map<String, String> firstExample = new TreeMap<>();
  private List<String> notes = List.of();

  void record() {
    records++;
  }

  void event() {
    events++;
  }

  void invalid(String reason, String message) {
    invalidByReason.merge(reason, 1L, Long::sum);
    firstExample.putIfAbsent(reason, message);
  }

  void notes(List<String> formatNotes) {
    notes = List.copyOf(formatNotes);
  }

  /** The format's notes on how it read the records (e.g. an inferred year), for the user. */
  public List<String> notes() {
    return notes;
  }

  public long records() {
    return records;
  }

  public long events() {
    return events;
  }

  public long invalid() {
    return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> invalidByReason() {
    return Map.copyOf(invalidByReason);
  }

  /** Records that were neither events nor invalid: header, comment and blank lines. */
  public long skipped() {
    return records - events - invalid();
  }

  /**
   * {@code "E events, I invalid"}, plus {@code ", S header or blank lines skipped"} when there were
   * any, so the counts always add up to the records read.
   */
  public String counts() {
    long s = skipped();
    return events
        + " events, "
        + invalid()
        + " invalid"
        + (s > 0
            ? ", " + s + " header, comment or blank line" + (s == 1 ? "" : "s") + " skipped"
            : "");
  }

  /** One line per reason: count and the first message seen. */
  public String describeInvalid() {
    StringBuilder sb = new StringBuilder();
    invalidByReason.forEach(
        (reason, n) ->
            sb.append(
                String.format("  %-20s %8d  e.g. %s%n", reason, n, firstExample.get(reason))));
    return sb.toString();
  }
}
