package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A dead letter keeps the record as it came, but never more than the producer can send. */
class DeadLettersTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-12T10:00:00Z"), ZoneOffset.UTC);
  private static final Origin ORIGIN = new Origin("logs", 2, 41);

  @Test
  void aValueWithinTheLimitIsKeptWholeWithoutATruncationHeader() {
    DeadLetters d = new DeadLetters("dlq", CLOCK, 200_000);
    byte[] value = randomBytes(d.maxValueBytes());
    RawRecord raw =
        new RawRecord(
            ORIGIN,
            "k".getBytes(StandardCharsets.UTF_8),
            value,
            Map.of("trace", "t1".getBytes(StandardCharsets.UTF_8)),
            null);

    ProducerRecord<byte[], byte[]> r = d.of(raw, "NOT_UTF8", failure());

    assertThat(r.topic()).isEqualTo("dlq");
    assertThat(r.value()).isEqualTo(value);
    assertThat(r.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(header(r, "trace")).isEqualTo("t1");
    assertThat(header(r, DeadLetters.REASON)).isEqualTo("NOT_UTF8");
    assertThat(header(r, DeadLetters.OFFSET)).isEqualTo("41");
    assertThat(r.headers().lastHeader(DeadLetters.VALUE_TRUNCATED_FROM)).isNull();
  }

  @Test
  void aValueOverTheLimitIsCutAndItsLengthRecorded() {
    int twoMegabytes = 2 * 1024 * 1024;
    DeadLetters d = new DeadLetters("dlq", CLOCK, DeadLetters.DEFAULT_MAX_REQUEST_SIZE);
    byte[] value = randomBytes(twoMegabytes);

    ProducerRecord<byte[], byte[]> r = d.of(RawRecord.of(ORIGIN, value), "OVERSIZE", failure());

    assertThat(d.maxValueBytes())
        .isEqualTo(DeadLetters.DEFAULT_MAX_REQUEST_SIZE - DeadLetters.HEADROOM_BYTES);
    assertThat(r.value()).hasSize(d.maxValueBytes());
    assertThat(r.value()).isEqualTo(Arrays.copyOf(value, d.maxValueBytes()));
    assertThat(header(r, DeadLetters.VALUE_TRUNCATED_FROM))
        .isEqualTo(Integer.toString(twoMegabytes));
    assertThat(header(r, DeadLetters.REASON)).isEqualTo("OVERSIZE");
  }

  @Test
  void theLimitFollowsTheConfiguredRequestSize() {
    DeadLetters d = new DeadLetters("dlq", CLOCK, 5 * 1024 * 1024);
    byte[] value = randomBytes(2 * 1024 * 1024);

    ProducerRecord<byte[], byte[]> r = d.of(RawRecord.of(ORIGIN, value), "OVERSIZE", failure());

    assertThat(r.value()).isEqualTo(value);
    assertThat(r.headers().lastHeader(DeadLetters.VALUE_TRUNCATED_FROM)).isNull();
  }

  @Test
  void aRequestSizeWithoutRoomForTheHeadersIsRefused() {
    assertThatThrownBy(() -> new DeadLetters("dlq", CLOCK, DeadLetters.HEADROOM_BYTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max.request.size " + DeadLetters.HEADROOM_BYTES);
  }

  private static InvalidEventException failure() {
    return new InvalidEventException(
        InvalidEventException.Reason.OVERSIZE, ORIGIN, "cannot parse the record");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
