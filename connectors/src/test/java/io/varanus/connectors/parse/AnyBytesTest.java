package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertParsedOrRejected;
import static io.varanus.connectors.parse.TestRecords.splice;

import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, every format answers with an event or an InvalidEventException. Inputs come
 * from a seeded {@link SplittableRandom}; a failure names the seed, the case and the input, and
 * {@code -Dvaranus.fuzz.seed=N} replays a run.
 */
class AnyBytesTest {

  private static final long SEED = Long.getLong("varanus.fuzz.seed", 0x5EED_B17E5L);

  private static final List<Map<String, ?>> OPTIONS =
      List.of(
          Map.of("format", "json", "max-depth", 8),
          Map.of("format", "syslog"),
          Map.of("format", "syslog", "invalid-utf8", "replace"),
          Map.of("format", "access-log"),
          Map.of("format", "access-log", "invalid-utf8", "replace"),
          Map.of("format", "csv"),
          Map.of("format", "csv", "columns", "a,b,c", "timestamp-field", "c"),
          Map.of("format", "zeek"),
          Map.of("format", "zeek", "fields", "ts,id.orig_h,orig_bytes"),
          Map.of("format", "text", "preset", "bgl"),
          Map.of("format", "text", "preset", "hdfs", "invalid-utf8", "replace"));

  private static final List<LogFormat> FORMATS =
      OPTIONS.stream().map(AnyBytesTest::format).toList();

  private static final List<String> REALISTIC =
      List.of(
          "Apr  1 09:15:02 bastion sshd[2412]: Accepted publickey for alice from 10.0.4.17 port 5",
          "<165>1 2003-10-11T22:14:15.003Z host app 1 ID [a b=\"c\"] msg",
          "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a?b HTTP/1.0\" 200 2326 \"-\" \"UA\"",
          "{\"a\":{\"b\":[1,{\"c\":2}]},\"@timestamp\":\"2024-01-01T00:00:00Z\"}",
          "#fields\tts\tid.orig_h\torig_bytes",
          "1.5\t10.0.0.1\t7",
          "a,\"b,\"\"c\",NaN",
          "- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x",
          "081109 203615 148 INFO dfs.DataNode: x");

  /** Bytes that mean something to at least one format. */
  private static final byte[] SPECIAL =
      "\0\n\r\t ,\"'\\{}[]<>:=-#|/?%.0123456789Ee+".getBytes(StandardCharsets.US_ASCII);

  @Test
  void randomBytes() {
    SplittableRandom rng = new SplittableRandom(SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = randomBytes(rng);
      check(RawRecord.of(Origin.file("fuzz", 1 + rng.nextInt(3)), bytes), i);
    }
  }

  @Test
  void mutatedRealisticLines() {
    SplittableRandom rng = new SplittableRandom(SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = mutate(REALISTIC.get(rng.nextInt(REALISTIC.size())), rng);
      check(RawRecord.of(Origin.file("fuzz", 1 + rng.nextInt(3)), bytes), i);
    }
  }

  private static LogFormat format(Map<String, ?> options) {
    Map<String, Object> rest = new HashMap<>(options);
    return TestRecords.format((String) rest.remove("format"), rest);
  }

  private static void check(RawRecord record, int caseNo) {
    for (int k = 0; k < FORMATS.size(); k++) {
      Map<String, ?> options = OPTIONS.get(k);
      Supplier<String> where =
          () ->
              "seed=" + SEED + " case=" + caseNo + " " + options + " input=" + hex(record.value());
      assertParsedOrRejected(FORMATS.get(k), record, where);
    }
  }

  /** Empty, short or long arrays of uniform, ASCII, special or mixed bytes. */
  private static byte[] randomBytes(SplittableRandom rng) {
    int length =
        switch (rng.nextInt(4)) {
          case 0 -> rng.nextInt(3);
          case 1 -> rng.nextInt(16);
          case 2 -> rng.nextInt(256);
          default -> rng.nextInt(2048);
        };
    int mode = rng.nextInt(4);
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      int m = mode == 3 ? rng.nextInt(3) : mode;
      b[i] =
          switch (m) {
            case 0 -> (byte) rng.nextInt(256);
            case 1 -> (byte) (0x20 + rng.nextInt(0x5f));
            default -> SPECIAL[rng.nextInt(SPECIAL.length)];
          };
    }
    return b;
  }

  /**
   * One to three edits of a realistic line: ASCII noise over a cut (as {@code s[0, at) + noise +
   * s[at + |noise|/2, end)}), a truncation, a repeated slice, or a raw byte that may break UTF-8.
   */
  private static byte[] mutate(String line, SplittableRandom rng) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    int edits = 1 + rng.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = Math.min(rng.nextInt(201), b.length);
      switch (rng.nextInt(4)) {
        case 0 -> {
          byte[] noise = new byte[rng.nextInt(7)];
          for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) rng.nextInt(0x80);
          }
          b = splice(b, at, Math.min(b.length, at + noise.length / 2), noise);
        }
        case 1 -> b = splice(b, at, b.length, new byte[0]);
        case 2 -> {
          int to = Math.min(b.length, at + rng.nextInt(12));
          byte[] slice = Arrays.copyOfRange(b, at, to);
          b = splice(b, at, at, slice);
        }
        default ->
            b = splice(b, at, Math.min(b.length, at + 1), new byte[] {(byte) rng.nextInt(256)});
      }
    }
    return b;
  }

  /** The first 256 bytes in hex, with the total length. */
  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length + " bytes [");
    for (int i = 0; i < Math.min(b.length, 256); i++) {
      sb.append(String.format("%02x", b[i]));
    }
    return sb.append(b.length > 256 ? "...]" : "]").toString();
  }
}
