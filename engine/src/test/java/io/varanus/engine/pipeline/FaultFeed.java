package io.varanus.engine.pipeline;

import io.varanus.connectors.generate.GeneratedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The input of a fault run: generated web-log lines (with attacks at a known rate) and, at every
 * hundredth position, a hostile record: binary junk, invalid UTF-8, an empty value, deeply nested
 * JSON or JSON that is not a log line in turn, and every {@link #BIG_EVERY}th hostile record a 2 MB
 * value. A thread produces a backlog at once and the rest at a steady rate until {@link #finish()};
 * the producer rides out broker outages (idempotent, long delivery timeout, large buffer).
 */
final class FaultFeed {

  static final int HOSTILE_EVERY = 100;
  static final int BIG_VALUE_BYTES = 2 * 1024 * 1024;
  static final int BIG_EVERY = 50;
  static final String[] HOSTILE_KINDS = {
    "binary", "invalid-utf8", "empty", "deep-json", "json-not-a-log-line", "2MB"
  };

  private final String bootstrap;
  private final String topic;
  private final List<byte[]> values;
  private final int backlog;
  private final int perSecond;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean finishing;
  private Thread thread;

  FaultFeed(String bootstrap, String topic, List<byte[]> values, int backlog, int perSecond) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.values = values;
    this.backlog = backlog;
    this.perSecond = perSecond;
  }

  /** Event lines with a hostile record at every hundredth position. */
  static List<byte[]> values(List<GeneratedEvent> events, long seed) {
    Random rnd = new Random(seed);
    List<byte[]> out = new ArrayList<>(events.size() + events.size() / HOSTILE_EVERY + 1);
    int hostile = 0;
    for (int i = 0; i < events.size(); i++) {
      if (out.size() % HOSTILE_EVERY == HOSTILE_EVERY / 2) {
        int kind =
            hostile % BIG_EVERY == BIG_EVERY / 2
                ? HOSTILE_KINDS.length - 1
                : hostile % (HOSTILE_KINDS.length - 1);
        out.add(hostile(kind, events.get(i).line(), rnd));
        hostile++;
      }
      out.add(events.get(i).line().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static byte[] hostile(int kind, String line, Random rnd) {
    switch (HOSTILE_KINDS[kind]) {
      case "binary" -> {
        byte[] b = new byte[64 + rnd.nextInt(2000)];
        rnd.nextBytes(b);
        return b;
      }
      case "2MB" -> {
        byte[] b = new byte[BIG_VALUE_BYTES];
        Arrays.fill(b, (byte) 'A');
        byte[] head = line.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
      }
      case "invalid-utf8" -> {
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        int at = rnd.nextInt(l.length);
        l[at] = (byte) 0xC3;
        if (at + 1 < l.length) {
          l[at + 1] = (byte) 0x28;
        }
        return l;
      }
      case "empty" -> {
        return new byte[0];
      }
      case "deep-json" -> {
        int depth = 5000 + rnd.nextInt(5000);
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        return ("{\"hello\":\"world\",\"n\":" + rnd.nextInt() + ",\"nested\":{\"a\":[1,2,3]}}")
            .getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  void start() {
    thread = new Thread(this::run, "fault-feed");
    thread.start();
  }

  private void run() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < values.size(); i++) {
        if (i >= backlog) {
          if (finishing) {
            break;
          }
          long due = start + (long) ((i - backlog) * 1e9 / perSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        producer.send(
            new ProducerRecord<>(topic, values.get(i)),
            (m, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Stops producing new records; returns once every record sent was acknowledged. */
  int finish() throws InterruptedException {
    finishing = true;
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError("producing the input failed", failure.get());
    }
    return sent.get();
  }

  int sent() {
    return sent.get();
  }
}
