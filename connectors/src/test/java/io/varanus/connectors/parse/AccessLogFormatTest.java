package io.varanus.connectors.parse;

import static io.varanus.connectors.parse.TestRecords.assertRejected;
import static io.varanus.connectors.parse.TestRecords.format;
import static io.varanus.connectors.parse.TestRecords.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

  private final LogFormat f = format("access-log", Map.of());

  @Test
  void combinedFormat() {
    LogEvent e =
        parse(
            f,
            "203.0.113.9 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1&y=2"
                + " HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08"
                + " [en] (Win98; I ;Nav)\"");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
    assertThat(e.fields())
        .containsEntry("source.ip", "203.0.113.9")
        .containsEntry("user.name", "frank")
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.original", "/apache_pb.gif?x=1&y=2")
        .containsEntry("url.path", "/apache_pb.gif")
        .containsEntry("url.query", "x=1&y=2")
        .containsEntry("http.version", "1.0")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("http.response.body.bytes", 2326L)
        .containsEntry("http.request.referrer", "http://www.example.com/start.html")
        .containsEntry("user_agent.original", "Mozilla/4.08 [en] (Win98; I ;Nav)");
  }

  @Test
  void commonFormatWithDashBytesAndIpv6() {
    LogEvent e = parse(f, "2001:db8::1 - - [01/Jan/2024:00:00:01 +0000] \"HEAD / HTTP/1.1\" 304 -");
    assertThat(e.fields())
        .containsEntry("source.ip", "2001:db8::1")
        .containsEntry("http.response.body.bytes", 0L)
        .doesNotContainKeys("user.name", "user_agent.original");
  }

  @Test
  void unescapedQuotesInsideTheRequest() {
    LogEvent e =
        parse(
            f,
            "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET /x?page=' OR \"1\"=\"1 HTTP/1.0\" 200 5 \"-\" \"sqlmap/1.7\"");
    assertThat(e.string("url.query")).isEqualTo("page=' OR \"1\"=\"1");
    assertThat(e.fields()).doesNotContainKey("http.request.referrer");
    assertThat(e.string("user_agent.original")).isEqualTo("sqlmap/1.7");
  }

  @Test
  void escapedQuotesAreUndone() {
    LogEvent e =
        parse(
            f,
            "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET /q?s=\\\"x\\\" HTTP/1.1\" 404 12 \"-\" \"Mozilla \\\"quoted\\\"\"");
    assertThat(e.string("url.query")).isEqualTo("s=\"x\"");
    assertThat(e.string("user_agent.original")).isEqualTo("Mozilla \"quoted\"");
  }

  @Test
  void dashRequestWith408() {
    LogEvent e = parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0100] \"-\" 408 0 \"-\" \"-\"");
    assertThat(e.fields())
        .containsEntry("http.response.status_code", 408L)
        .doesNotContainKeys("http.request.method", "url.path");
  }

  @Test
  void junkMethodsConnectAndNulBytesInPaths() {
    assertThat(
            parse(
                    f,
                    "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"CONNECT example.com:443 HTTP/1.1\" 405 0")
                .string("url.path"))
        .isEqualTo("example.com:443");
    assertThat(
            parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"\\x16\\x03\\x01\" 400 226")
                .string("url.original"))
        .isEqualTo("\\x16\\x03\\x01");
    assertThat(
            parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET /a%00.php HTTP/1.1\" 404 1")
                .string("url.path"))
        .isEqualTo("/a%00.php");
  }

  @Test
  void aMethodIsATokenAndJunkGluedToItIsAnAnomalyNotAFieldValue() {
    LogEvent quoted =
        parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET\\\" /x HTTP/1.0\" 404 1");
    assertThat(quoted.fields())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/x")
        .containsEntry("http.version", "1.0")
        .containsEntry("http.request.parse_anomaly", "junk_after_method");
    LogEvent glued =
        parse(
            f,
            "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET!not found /cfdocs/expeval/openfile.cfm"
                + " HTTP/1.1\" 404 1");
    assertThat(glued.fields())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/cfdocs/expeval/openfile.cfm")
        .containsEntry("http.request.parse_anomaly", "junk_after_method");
    LogEvent none =
        parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"!! /etc/passwd HTTP/1.1\" 400 1");
    assertThat(none.fields())
        .doesNotContainKey("http.request.method")
        .containsEntry("url.path", "/etc/passwd")
        .containsEntry("http.request.parse_anomaly", "no_method");
    LogEvent clean =
        parse(f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"PROPFIND /dav HTTP/1.1\" 405 1");
    assertThat(clean.fields())
        .containsEntry("http.request.method", "PROPFIND")
        .doesNotContainKey("http.request.parse_anomaly");
  }

  @Test
  void truncatedUserAgentIsKeptAndNoted() {
    LogEvent e =
        parse(
            f,
            "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 (Windo");
    assertThat(e.string("user_agent.original")).isEqualTo("Mozilla/5.0 (Windo");
    assertThat(e.string(LogFormats.NOTES_FIELD)).contains("truncated");
  }

  @Test
  void requestTimeAfterTheUserAgent() {
    LogEvent e =
        parse(
            f,
            "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET / HTTP/1.1\" 200 10 \"-\" \"curl/8\" 0.004");
    assertThat(e.fields()).containsEntry("http.request.duration", 0.004);
  }

  @Test
  void badInputGetsItsReason() {
    assertRejected(
        f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET / HTTP/1.1", Reason.TRUNCATED);
    assertRejected(f, "1.2.3.4 - - [01/Jan/2024:00:0", Reason.TRUNCATED);
    assertRejected(f, "1.2.3.4", Reason.TRUNCATED);
    assertRejected(f, "1.2.3.4 - - 01/Jan/2024 \"GET /\" 200 1", Reason.NO_MATCH);
    assertRejected(
        f, "1.2.3.4 - - [32/Foo/2024:00:00:01 +0000] \"GET /\" 200 1", Reason.BAD_TIMESTAMP);
    assertRejected(
        f, "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET /\" 200 12k", Reason.BAD_NUMBER);
    assertRejected(f, "", Reason.EMPTY);
    byte[] binary =
        "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"\u0000 \" 400 0"
            .getBytes(StandardCharsets.UTF_8);
    binary[binary.length - 9] = (byte) 0x9F;
    assertRejected(
        format("access-log", Map.of("invalid-utf8", "reject")),
        TestRecords.bytes(binary),
        Reason.NOT_UTF8);
    assertThat(f.parse(TestRecords.bytes(binary)).fields())
        .containsEntry(RecordText.INVALID_UTF8_FIELD, 1L);
  }

  @Test
  void invalidUtf8ReplacedByDefault() {
    LogFormat lenient = format("access-log", Map.of());
    byte[] b =
        "1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] \"GET /\u00ff HTTP/1.1\" 400 0"
            .getBytes(StandardCharsets.ISO_8859_1);
    LogEvent e = lenient.parse(TestRecords.bytes(b));
    assertThat(e.string("url.path")).isEqualTo("/\uFFFD");
    assertThat(e.string(LogFormats.NOTES_FIELD)).contains("invalid UTF-8");
  }
}
