package io.varanus.engine.pipeline;

import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key, value and headers, plus headers saying why and
 * where from ({@code varanus.dlq.*}). The message header never echoes the raw record.
 */
public final class DeadLetters {

  public static final String REASON = "varanus.dlq.reason";
  public static final String EXCEPTION = "varanus.dlq.exception";
  public static final String MESSAGE = "varanus.dlq.message";
  public static final String TOPIC = "varanus.dlq.topic";
  public static final String PARTITION = "varanus.dlq.partition";
  public static final String OFFSET = "varanus.dlq.offset";
  public static final String TIME = "varanus.dlq.time";

  private static final int MESSAGE_MAX_CHARS = 512;

  private final String topic;
  private final Clock clock;

  public DeadLetters(String topic, Clock clock) {
    this.topic = topic;
    this.clock = clock;
  }

  public ProducerRecord<byte[], byte[]> of(RawRecord raw, String reason, Throwable cause) {
    Headers h = new RecordHeaders();
    for (Map.Entry<String, byte[]> e : raw.headers().entrySet()) {
      h.add(e.getKey(), e.getValue());
    }
    Origin o = raw.origin();
    String message = String.valueOf(cause.getMessage());
    if (message.length() > MESSAGE_MAX_CHARS) {
      message = message.substring(0, MESSAGE_MAX_CHARS) + "...";
    }
    add(h, REASON, reason);
    add(h, EXCEPTION, cause.getClass().getName());
    add(h, MESSAGE, message);
    add(h, TOPIC, o.source());
    add(h, PARTITION, Integer.toString(o.partition()));
    add(h, OFFSET, Long.toString(o.offset()));
    add(h, TIME, DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
    return new ProducerRecord<>(topic, null, raw.key(), raw.value(), h);
  }

  private static void add(Headers h, String key, String value) {
    h.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
