package io.varanus.connectors.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, every format answers with an event or an InvalidEventException. */
class AnyBytesTest {

  private static final List<LogFormat> FORMATS =
      List.of(
          TestRecords.format("json", Map.of("max-depth", 8)),
          TestRecords.format("syslog", Map.of()),
          TestRecords.format("syslog", Map.of("invalid-utf8", "replace")),
          TestRecords.format("access-log", Map.of()),
          TestRecords.format("access-log", Map.of("invalid-utf8", "replace")),
          TestRecords.format("csv", Map.of()),
          TestRecords.format("csv", Map.of("columns", "a,b,c", "timestamp-field", "c")),
          TestRecords.format("zeek", Map.of()),
          TestRecords.format("zeek", Map.of("fields", "ts,id.orig_h,orig_bytes")),
          TestRecords.format("text", Map.of("preset", "bgl")),
          TestRecords.format("text", Map.of("preset", "hdfs", "invalid-utf8", "replace")));

  @Property(tries = 400)
  void randomBytes(@ForAll byte[] bytes, @ForAll("lines") long line) {
    check(RawRecord.of(Origin.file("fuzz", line), bytes));
  }

  @Property(tries = 1500)
  void mutatedRealisticLines(@ForAll("mutated") String text, @ForAll("lines") long line) {
    check(RawRecord.of(Origin.file("fuzz", line), text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void check(RawRecord record) {
    for (LogFormat f : FORMATS) {
      try {
        LogEvent e = f.parse(record);
        assertThat(e.origin()).isEqualTo(record.origin());
      } catch (InvalidEventException e) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).contains("fuzz:");
      }
    }
  }

  @Provide
  Arbitrary<Long> lines() {
    return Arbitraries.longs().between(1, 3);
  }

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<String> seeds =
        Arbitraries.of(
            "Apr  1 09:15:02 bastion sshd[2412]: Accepted publickey for alice from 10.0.4.17 port 5",
            "<165>1 2003-10-11T22:14:15.003Z host app 1 ID [a b=\"c\"] msg",
            "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a?b HTTP/1.0\" 200 2326 \"-\" \"UA\"",
            "{\"a\":{\"b\":[1,{\"c\":2}]},\"@timestamp\":\"2024-01-01T00:00:00Z\"}",
            "#fields\tts\tid.orig_h\torig_bytes",
            "1.5\t10.0.0.1\t7",
            "a,\"b,\"\"c\",NaN",
            "- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x",
            "081109 203615 148 INFO dfs.DataNode: x");
    Arbitrary<String> noise =
        Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).ofMaxLength(6);
    return Arbitraries.integers()
        .between(0, 200)
        .flatMap(
            cut ->
                seeds.flatMap(
                    s ->
                        noise.map(
                            n -> {
                              int at = Math.min(cut, s.length());
                              return s.substring(0, at)
                                  + n
                                  + s.substring(Math.min(s.length(), at + n.length() / 2));
                            })));
  }
}
