package io.varanus.engine.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * One normal event of a past training window, kept in a bundle's {@link ReplayStore}: the raw
 * record as the source delivered it and its origin, so that a later {@code retrain} parses it again
 * with the input format and featurizes it with the candidate's freshly fitted featurizer; the
 * event's time as it was parsed (a format that infers a missing year from the clock would infer
 * another one later); and its window features as its own stream gave them (a replayed event has no
 * stream around it, see {@code Featurizer.applyReplayed}).
 *
 * @param raw the record's bytes as UTF-8 text, or null when they are not valid UTF-8
 * @param rawBase64 the record's bytes in base64 when they are not valid UTF-8, else null
 * @param time the parsed event's timestamp (ISO-8601), or null when it had none
 * @param windows window feature values in original units, by feature name
 * @param generation the replay generation that added it ({@link ReplayStore.Generation#number})
 * @param header true for a record the format consumed as a header of its source (a CSV header line,
 *     a Zeek directive): replayed first, so that the source's events parse
 */
public record ReplayEvent(
    String source,
    int partition,
    long offset,
    @JsonInclude(JsonInclude.Include.NON_NULL) String raw,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rawBase64,
    @JsonInclude(JsonInclude.Include.NON_NULL) String time,
    Map<String, Double> windows,
    int generation,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean header) {

  public ReplayEvent {
    if (source == null) {
      throw new IllegalArgumentException("a replay event needs its source");
    }
    if ((raw == null) == (rawBase64 == null)) {
      throw new IllegalArgumentException("a replay event needs exactly one of raw and rawBase64");
    }
    windows = windows == null ? Map.of() : new TreeMap<>(windows);
  }

  /** The replay event of a record of generation {@code generation}. */
  public static ReplayEvent of(
      RawRecord record, Instant time, Map<String, Double> windows, int generation) {
    return of(record, time, windows, generation, false);
  }

  /** A header record of a source, as {@link ReplayStore.Sampler#header} keeps it. */
  public static ReplayEvent header(RawRecord record, int generation) {
    return of(record, null, Map.of(), generation, true);
  }

  private static ReplayEvent of(
      RawRecord record, Instant time, Map<String, Double> windows, int generation, boolean header) {
    byte[] bytes = record.value();
    String text = utf8(bytes);
    Origin o = record.origin();
    return new ReplayEvent(
        o.source(),
        o.partition(),
        o.offset(),
        text,
        text == null ? Base64.getEncoder().encodeToString(bytes) : null,
        time == null ? null : time.toString(),
        windows,
        generation,
        header);
  }

  /** The record to parse again. */
  public RawRecord record() {
    byte[] bytes =
        raw != null ? raw.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(rawBase64);
    return RawRecord.of(new Origin(source, partition, offset), bytes);
  }

  /** The parsed time, or null. */
  @JsonIgnore
  public Instant instant() {
    return time == null ? null : Instant.parse(time);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
