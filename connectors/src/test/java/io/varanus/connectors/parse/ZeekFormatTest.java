package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertRejected;
import static io.varanus.connectors.parse.TestRecords.format;
import static io.varanus.connectors.parse.TestRecords.line;
import static io.varanus.connectors.parse.TestRecords.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeekFormatTest {

  private static final String[] HEADER = {
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tconn",
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration"
        + "\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\thistory\ttunnel_parents",
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring"
        + "\tbool\tstring\tset[string]",
  };

  private final LogFormat f = format("zeek", Map.of());

  private void header() {
    for (int i = 0; i < HEADER.length; i++) {
      assertRejected(f, line(HEADER[i], i + 1), Reason.HEADER);
    }
  }

  @Test
  void aSeparatorThatIsARegexCharacterIsTakenLiterally() {
    assertRejected(f, line("#separator |", 1), Reason.HEADER);
    assertRejected(f, line("#fields|ts|id.orig_h|orig_bytes", 2), Reason.HEADER);
    LogEvent e = parse(f, "1.5|10.0.0.1|7");
    assertThat(e.fields()).containsEntry("id.orig_h", "10.0.0.1").containsEntry("orig_bytes", 7L);
    assertRejected(f, line("#separator \\x5c", 4), Reason.HEADER);
    assertRejected(f, line("#fields\\ts\\uid", 5), Reason.HEADER);
    assertThat(parse(f, "2.5\\C1").fields()).containsEntry("uid", "C1");
  }

  @Test
  void aSeparatorDirectiveWithBadHexIsRejectedWithAReason() {
    assertRejected(f, line("#separator \\xZ9", 1), Reason.NO_MATCH);
    header(); // the format still reads the next file's directives
  }

  @Test
  void aTimeBeyondWhatAnInstantHoldsIsABadTimestamp() {
    LogFormat noHeader = format("zeek", Map.of("fields", "ts,id.orig_h"));
    assertRejected(noHeader, line("1e300\t10.0.0.1"), Reason.BAD_TIMESTAMP);
    assertRejected(f, line("{\"ts\":-1e300,\"uid\":\"C1\"}"), Reason.BAD_TIMESTAMP);
  }

  @Test
  void tsvWithDirectives() {
    header();
    LogEvent e =
        f.parse(
            line(
                "1331901000.000000\tCCUIP21wTjqkj8ZqX5\t192.168.202.79\t50463\t192.168.229.251\t80"
                    + "\ttcp\t-\t0.010000\t166\t214\tSF\tT\t^dADaf\t(empty)",
                9));
    assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(1331901000L));
    assertThat(e.fields())
        .containsEntry("id.orig_h", "192.168.202.79")
        .containsEntry("source.ip", "192.168.202.79")
        .containsEntry("id.resp_p", 80L)
        .containsEntry("destination.port", 80L)
        .containsEntry("network.transport", "tcp")
        .containsEntry("duration", 0.01)
        .containsEntry("orig_bytes", 166L)
        .containsEntry("local_orig", true)
        .containsEntry("history", "^dADaf")
        .doesNotContainKeys("service", "tunnel_parents");
  }

  @Test
  void jsonForm() {
    LogEvent e =
        parse(
            f,
            "{\"ts\":1591367999.305988,\"uid\":\"C5bLoe2Mvxqhawzqqd\",\"id_orig_h\":\"192.168.4.76\","
                + "\"id.orig_p\":46378,\"id.resp_h\":\"31.3.245.133\",\"id.resp_p\":80,\"proto\":\"tcp\","
                + "\"local_orig\":true}");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2020-06-05T14:39:59.305988Z"));
    assertThat(e.fields())
        .containsEntry("id.orig_h", "192.168.4.76")
        .containsEntry("source.ip", "192.168.4.76")
        .containsEntry("destination.port", 80L)
        .containsEntry("local_orig", true);
  }

  @Test
  void badInputGetsItsReason() {
    assertRejected(f, "1.0\tx", Reason.NO_MATCH);
    header();
    assertRejected(f, line("1.0\tx\ty", 10), Reason.WRONG_COLUMN_COUNT);
    String bad = "1331901000.0\tC\t1.2.3.4\tport\t5.6.7.8\t80\ttcp\t-\t0.1\t1\t2\tSF\tT\t-\t-";
    assertRejected(f, line(bad, 11), Reason.BAD_NUMBER);
    assertRejected(f, "{\"ts\":", Reason.TRUNCATED);
    assertRejected(f, "{\"ts\":\"not a time\"}", Reason.BAD_TIMESTAMP);
  }

  @Test
  void configuredFieldsForSourcesWithoutHeaders() {
    LogFormat g = format("zeek", Map.of("fields", "ts,id.orig_h,orig_bytes"));
    assertThat(parse(g, "10.5\t10.0.0.1\t-").fields())
        .containsEntry("ts", 10.5)
        .containsEntry("source.ip", "10.0.0.1")
        .doesNotContainKey("orig_bytes");
  }
}
