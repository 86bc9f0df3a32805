package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertRejected;
import static io.varanus.connectors.parse.TestRecords.format;
import static io.varanus.connectors.parse.TestRecords.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatTest {

  @Test
  void withoutPatternTheWholeLineIsTheMessage() {
    assertThat(parse(format("text", Map.of()), "  anything goes ").fields())
        .containsExactly(Map.entry("message", "  anything goes "));
  }

  @Test
  void bglPreset() {
    LogEvent e =
        parse(
            format("text", Map.of("preset", "bgl")),
            "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048"
                + " R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2005-06-11T17:32:07.581048Z"));
    assertThat(e.fields())
        .containsEntry("label", "KERNDTLB")
        .containsEntry("log.level", "FATAL")
        .containsEntry("log.logger", "KERNEL")
        .containsEntry("node", "R30-M0-N9-C:J16-U01")
        .containsEntry("message", "data TLB error interrupt");
  }

  @Test
  void hdfsPresetAndApacheErrorPreset() {
    LogEvent h =
        parse(
            format("text", Map.of("preset", "hdfs")),
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block"
                + " blk_38865049064139660 terminating");
    assertThat(h.timestamp()).isEqualTo(Instant.parse("2008-11-09T20:36:15Z"));
    assertThat(h.fields())
        .containsEntry("process.pid", 148L)
        .containsEntry("log.level", "INFO")
        .containsEntry("log.logger", "dfs.DataNode$PacketResponder");
    LogEvent a =
        parse(
            format("text", Map.of("preset", "apache-error")),
            "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6");
    assertThat(a.timestamp()).isEqualTo(Instant.parse("2005-12-04T04:47:44Z"));
    assertThat(a.fields()).containsEntry("log.level", "error");
  }

  @Test
  void customPatternWithFieldRenamesAndYearlessTime() {
    LogFormat f =
        format(
            "text",
            Map.of(
                "pattern",
                "(?<timestamp>\\w{3} +\\d+ [\\d:]+) (?<node>\\S+) ",
                "timestamp-format",
                "MMM d HH:mm:ss",
                "year",
                2005,
                "fields",
                Map.of("node", "host.name")));
    LogEvent e = parse(f, "Jun  9 06:06:20 combo syslogd 1.4.1: restart.");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2005-06-09T06:06:20Z"));
    assertThat(e.fields())
        .containsEntry("host.name", "combo")
        .containsEntry("message", "syslogd 1.4.1: restart.");
  }

  @Test
  void badInputGetsItsReason() {
    LogFormat f = format("text", Map.of("preset", "hdfs"));
    assertRejected(f, "not an hdfs line", Reason.NO_MATCH);
    assertRejected(f, "991399 203615 148 INFO x: y", Reason.BAD_TIMESTAMP);
  }
}
