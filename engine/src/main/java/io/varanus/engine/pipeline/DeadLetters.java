package io.varanus.engine.pipeline;

import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key, value and headers, plus headers saying why and
 * where from ({@code varanus.dlq.*}). The message header never echoes the raw record.
 *
 * <p>A value longer than {@link #maxValueBytes()} is cut to that length and the original length is
 * recorded in {@link #VALUE_TRUNCATED_FROM}: a dead letter must fit the producer's {@code
 * max.request.size}, or the batch holding one oversized input could never be published and the
 * service would fail on it after every restart.
 */
public final class DeadLetters {

  public static final String REASON = "varanus.dlq.reason";
  public static final String EXCEPTION = "varanus.dlq.exception";
  public static final String MESSAGE = "varanus.dlq.message";
  public static final String TOPIC = "varanus.dlq.topic";
  public static final String PARTITION = "varanus.dlq.partition";
  public static final String OFFSET = "varanus.dlq.offset";
  public static final String TIME = "varanus.dlq.time";
  public static final String VALUE_TRUNCATED_FROM = "varanus.dlq.value-truncated-from";

  /** Room left in a request for the key, the headers and the record batch overhead. */
  public static final int HEADROOM_BYTES = 64 * 1024;

  /** The Kafka producer's default {@code max.request.size}. */
  public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  private static final int MESSAGE_MAX_CHARS = 512;

  private final String topic;
  private final Clock clock;
  private final int maxValueBytes;

  /** Dead letters for a producer with the default {@code max.request.size}. */
  public DeadLetters(String topic, Clock clock) {
    this(topic, clock, DEFAULT_MAX_REQUEST_SIZE);
  }

  /**
   * Dead letters for a producer whose {@code max.request.size} is {@code maxRequestSize}: values
   * keep at most {@code maxRequestSize - }{@link #HEADROOM_BYTES} bytes.
   */
  public DeadLetters(String topic, Clock clock, int maxRequestSize) {
    if (maxRequestSize <= HEADROOM_BYTES) {
      throw new IllegalArgumentException(
          "max.request.size "
              + maxRequestSize
              + " leaves no room for dead letters; set it above "
              + HEADROOM_BYTES
              + " bytes");
    }
    this.topic = topic;
    this.clock = clock;
    this.maxValueBytes = maxRequestSize - HEADROOM_BYTES;
  }

  /** The longest value a dead letter carries whole. */
  public int maxValueBytes() {
    return maxValueBytes;
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
    byte[] value = raw.value();
    if (value != null && value.length > maxValueBytes) {
      add(h, VALUE_TRUNCATED_FROM, Integer.toString(value.length));
      value = Arrays.copyOf(value, maxValueBytes);
    }
    return new ProducerRecord<>(topic, null, raw.key(), value, h);
  }

  private static void add(Headers h, String key, String value) {
    h.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
