package io.varanus.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a run decided for each input record, read back from its alerts and dead-letter topics:
 * {@code partition@offset} to {@code ALERT} or {@code DLQ:<reason>} (records scored below the
 * threshold or skipped have no entry), how many output records repeated an earlier one, and the
 * model versions the alerts name.
 */
record Outcomes(
    Map<String, String> byOrigin,
    int alertRecords,
    int deadLetterRecords,
    int duplicateAlerts,
    int duplicateDeadLetters,
    Set<String> modelVersions) {

  static Outcomes read(String bootstrap, String alerts, String deadLetters, boolean committed) {
    Map<String, String> out = new TreeMap<>();
    List<ConsumerRecord<byte[], byte[]>> a = ServiceFixture.readAll(bootstrap, alerts, committed);
    Map<String, String> firstById = new HashMap<>();
    Set<String> versions = new TreeSet<>();
    int dupAlerts = 0;
    for (ConsumerRecord<byte[], byte[]> r : a) {
      JsonNode j = ServiceFixture.json(r);
      String origin = j.at("/kafka/partition").asInt() + "@" + j.at("/kafka/offset").asLong();
      String id = j.at("/event/id").asText();
      versions.add(j.at("/rule/version").asText());
      // a repeated alert must be the same decision about the same record, so it de-duplicates
      String seen = firstById.putIfAbsent(id, origin + " " + j.at("/varanus/score").asText());
      if (seen != null) {
        if (!seen.equals(origin + " " + j.at("/varanus/score").asText())) {
          throw new AssertionError(
              "alert id " + id + " names two decisions: " + seen + " and " + origin);
        }
        dupAlerts++;
      }
      out.put(origin, "ALERT");
    }
    List<ConsumerRecord<byte[], byte[]>> d =
        ServiceFixture.readAll(bootstrap, deadLetters, committed);
    int dupDead = 0;
    for (ConsumerRecord<byte[], byte[]> r : d) {
      String origin = header(r, DeadLetters.PARTITION) + "@" + header(r, DeadLetters.OFFSET);
      String before = out.put(origin, "DLQ:" + header(r, DeadLetters.REASON));
      if (before != null) {
        if (!before.equals("DLQ:" + header(r, DeadLetters.REASON))) {
          throw new AssertionError(origin + " was both " + before + " and a dead letter");
        }
        dupDead++;
      }
    }
    if (firstById.size() != a.size() - dupAlerts) {
      throw new AssertionError("alert ids and origins disagree");
    }
    return new Outcomes(out, a.size(), d.size(), dupAlerts, dupDead, versions);
  }

  long alerted() {
    return byOrigin.values().stream().filter("ALERT"::equals).count();
  }

  long deadLettered() {
    return byOrigin.values().stream().filter(v -> v.startsWith("DLQ:")).count();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
