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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogFormatTest {

  private final LogFormat f = format("syslog", Map.of());

  @Test
  void bsdLineWithHostTagAndPid() {
    LogEvent e =
        parse(
            f,
            "Apr  1 09:15:02 bastion sshd[2412]: Accepted publickey for alice from 10.0.4.17 port"
                + " 51234 ssh2: RSA SHA256:abc");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-04-01T09:15:02Z"));
    assertThat(e.fields())
        .containsEntry("host.hostname", "bastion")
        .containsEntry("process.name", "sshd")
        .containsEntry("process.pid", 2412L)
        .containsEntry("event.action", "publickey")
        .containsEntry("event.outcome", "success")
        .containsEntry("user.name", "alice")
        .containsEntry("source.ip", "10.0.4.17")
        .containsEntry("source.port", 51234L);
  }

  @Test
  void yearIsInferredFromTheClockOrFixed() {
    // the clock says 2024-06-15: a December line is from last year
    assertThat(parse(f, "Dec 31 23:59:59 h sshd[1]: x").timestamp())
        .isEqualTo(Instant.parse("2023-12-31T23:59:59Z"));
    LogFormat fixed = format("syslog", Map.of("year", 2005, "timezone", "Europe/Berlin"));
    assertThat(parse(fixed, "Jun 14 15:16:01 combo su[1]: x").timestamp())
        .isEqualTo(Instant.parse("2005-06-14T13:16:01Z"));
  }

  @Test
  void anInferredYearIsNotedAndAFixedOneIsNot() {
    LogFormat inferred = format("syslog", Map.of());
    assertThat(inferred.notes()).isEmpty();
    parse(inferred, "Dec 31 23:59:59 h sshd[1]: x");
    parse(inferred, "Jan  2 00:00:01 h sshd[1]: y");
    assertThat(inferred.notes())
        .singleElement()
        .asString()
        .contains("2 timestamps carried no year", "inferred from the clock", "option year");

    LogFormat fixed = format("syslog", Map.of("year", 2005));
    parse(fixed, "Jun 14 15:16:01 combo su[1]: x");
    assertThat(fixed.notes()).isEmpty();
    LogFormat withYear = format("syslog", Map.of());
    parse(withYear, "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - msg");
    assertThat(withYear.notes()).isEmpty();
  }

  @Test
  void priorityNoHostnameAndSshdSession() {
    LogEvent e =
        parse(
            f,
            "<38>Mar  3 01:02:03 sshd-session[99]: Connection closed by 192.0.2.7 port 4444 [preauth]");
    assertThat(e.fields())
        .containsEntry("log.syslog.priority", 38L)
        .containsEntry("log.syslog.facility.code", 4L)
        .containsEntry("log.syslog.severity.code", 6L)
        .containsEntry("process.name", "sshd-session")
        .containsEntry("event.action", "connection_closed")
        .containsEntry("source.ip", "192.0.2.7")
        .doesNotContainKey("host.hostname");
  }

  @Test
  void rfc3339TimestampFromNewerRsyslog() {
    LogEvent e =
        parse(
            f,
            "2024-03-01T12:34:56.123456+01:00 web1 sshd[7]: Failed password for root from 2001:db8::5 port 3 ssh2");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-03-01T11:34:56.123456Z"));
    assertThat(e.fields())
        .containsEntry("source.ip", "2001:db8::5")
        .containsEntry("event.outcome", "failure");
  }

  @Test
  void repeatedMessagesAreUnwrapped() {
    LogEvent e =
        parse(
            f,
            "Apr 10 10:00:00 h sshd[5]: message repeated 3 times: [ Failed password for root from 198.51.100.4 port 2222 ssh2]");
    assertThat(e.fields())
        .containsEntry("log.syslog.repeated", 3L)
        .containsEntry("event.action", "password")
        .containsEntry("user.name", "root")
        .containsEntry("message", "Failed password for root from 198.51.100.4 port 2222 ssh2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Failed password for invalid user admin from 203.0.113.5 port 40000 ssh2|password|failure|admin|203.0.113.5|40000",
        "Failed none for invalid user guest from 203.0.113.5 port 40001 ssh2|none|failure|guest|203.0.113.5|40001",
        "Accepted keyboard-interactive/pam for bob from 10.1.1.1 port 2 ssh2|keyboard-interactive|success|bob|10.1.1.1|2",
        "Invalid user oracle from 203.0.113.6 port 5555|invalid_user|failure|oracle|203.0.113.6|5555",
        "Invalid user test from 203.0.113.6|invalid_user|failure|test|203.0.113.6|",
        "input_userauth_request: invalid user ftp [preauth]|invalid_user|failure|ftp||",
        "Disconnected from invalid user pi 203.0.113.8 port 34 [preauth]|disconnect||pi|203.0.113.8|34",
        "Disconnected from authenticating user root 203.0.113.8 port 35 [preauth]|disconnect||root|203.0.113.8|35",
        "Disconnected from user carol 10.0.0.3 port 36|disconnect||carol|10.0.0.3|36",
        "Connection closed by authenticating user root 203.0.113.9 port 37 [preauth]|connection_closed||root|203.0.113.9|37",
        "Connection closed by 203.0.113.9 port 38 [preauth]|connection_closed|||203.0.113.9|38",
        "Received disconnect from 203.0.113.10 port 39:11: Bye Bye [preauth]|received_disconnect|||203.0.113.10|39",
        "kex_exchange_identification: Connection closed by remote host|kex_error||||",
        "reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!|break_in_attempt|||173.234.31.186|",
        "Address 203.0.113.11 maps to x.example.com, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!|break_in_attempt|||203.0.113.11|",
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.12  user=root|auth_failure|failure|root|203.0.113.12|",
        "pam_unix(sshd:auth): check pass; user unknown|user_unknown|failure|||",
        "pam_succeed_if(sshd:auth): requirement \"uid >= 1000\" not met by user \"root\"|pam_requirement_not_met|failure|root||",
        "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.13  user=root|auth_failure|failure|root|203.0.113.13|",
        "PAM service(sshd) ignoring max retries; 6 > 3|max_retries_exceeded|failure|||",
        "pam_unix(sshd:session): session opened for user dave(uid=1001) by (uid=0)|session_opened|success|dave||",
        "pam_unix(sshd:session): session closed for user dave|session_closed||dave||",
        "error: maximum authentication attempts exceeded for invalid user x from 203.0.113.14 port 41 ssh2 [preauth]|max_auth_attempts|failure|x|203.0.113.14|41",
        "Disconnecting invalid user x 203.0.113.14 port 41: Too many authentication failures [preauth]|too_many_auth_failures|failure|x|203.0.113.14|41",
        "Did not receive identification string from 203.0.113.15 port 42|no_identification|failure||203.0.113.15|42",
        "Unable to negotiate with 203.0.113.16 port 43: no matching key exchange method found.|negotiation_failed|failure||203.0.113.16|43",
        "Invalid user  from 203.0.113.17 port 44|invalid_user|failure||203.0.113.17|44",
        "User root from 203.0.113.18 not allowed because listed in DenyUsers|user_not_allowed|failure|root|203.0.113.18|",
        "User bob from 203.0.113.19 not allowed because not listed in AllowUsers|user_not_allowed|failure|bob|203.0.113.19|",
        "User eve from 203.0.113.20 not allowed because none of user's groups are listed in AllowGroups|user_not_allowed|failure|eve|203.0.113.20|",
        "User ftp from 2001:db8::21 not allowed because shell /sbin/nologin does not exist|user_not_allowed|failure|ftp|2001:db8::21|",
        "fatal: Unable to negotiate with 203.0.113.22 port 22: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1|negotiation_failed|failure||203.0.113.22|22",
        "error: kex_exchange_identification: read: Connection reset by peer|kex_error||||",
        "error: kex_exchange_identification: Connection closed by remote host|kex_error||||",
        "Connection from 203.0.113.23 port 50112 on 10.0.0.5 port 22 rdomain \"\"|connection|||203.0.113.23|50112",
        "Connection from 203.0.113.23 port 50113 on 10.0.0.5 port 22|connection|||203.0.113.23|50113",
        "error: Received disconnect from 203.0.113.24 port 51000:3: com.jcraft.jsch.JSchException: Auth fail [preauth]|received_disconnect|||203.0.113.24|51000",
        "Postponed publickey for alice from 10.0.4.17 port 50022 ssh2 [preauth]|postponed||alice|10.0.4.17|50022",
        "Starting session: shell on pts/0 for alice from 10.0.4.17 port 50022 id 0|session_started|success|alice|10.0.4.17|50022",
        "Close session: user alice from 10.0.4.17 port 50022 id 0|session_closed||alice|10.0.4.17|50022",
        "error: PAM: Authentication failure for illegal user admin from 203.0.113.25|auth_failure|failure|admin|203.0.113.25|",
        "banner exchange: Connection from 203.0.113.26 port 40002: invalid format|protocol_error|failure||203.0.113.26|40002",
        "ssh_dispatch_run_fatal: Connection from 203.0.113.27 port 40003: message authentication code incorrect [preauth]|protocol_error|failure||203.0.113.27|40003",
        "Protocol major versions differ for 203.0.113.28: SSH-2.0-OpenSSH_7.4 vs. SSH-1.5-Nmap|bad_protocol|failure||203.0.113.28|",
        "fatal: Read from socket failed: Connection reset by peer [preauth]|fatal||||",
        "error: connect_to 10.9.9.9 port 80: failed.|||||",
      })
  void sshdMessageForms(
      String message, String action, String outcome, String user, String ip, Long port) {
    LogEvent e = parse(f, "Dec 10 06:55:46 LabSZ sshd[24200]: " + message);
    assertThat(e.string("event.action")).isEqualTo(action);
    assertThat(e.string("event.outcome")).isEqualTo(outcome);
    assertThat(e.string("user.name")).isEqualTo(user);
    assertThat(e.string("source.ip")).isEqualTo(ip);
    assertThat(e.fields().get("source.port")).isEqualTo(port);
    assertThat(e.string("message")).isEqualTo(message.strip());
  }

  @Test
  void linuxPamStyleTagAndTrailingSpaces() {
    LogEvent e =
        parse(
            f,
            "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ");
    assertThat(e.fields())
        .containsEntry("process.name", "sshd(pam_unix)")
        .containsEntry("process.pid", 19939L)
        .containsEntry("event.action", "auth_failure")
        .containsEntry("source.ip", "218.188.2.4");
    LogEvent named =
        parse(
            f,
            "Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root");
    assertThat(named.fields())
        .containsEntry("source.domain", "220-135-151-1.hinet-ip.hinet.net")
        .containsEntry("user.name", "root");
  }

  @Test
  void rfc5424WithStructuredDataAndNilValues() {
    LogEvent e =
        parse(
            f,
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Appl\\]ication\"] \uFEFFAn application event");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
    assertThat(e.fields())
        .containsEntry("host.hostname", "mymachine.example.com")
        .containsEntry("process.name", "evntslog")
        .containsEntry("log.syslog.msgid", "ID47")
        .containsEntry("log.syslog.structured_data.exampleSDID@32473.iut", "3")
        .containsEntry("log.syslog.structured_data.exampleSDID@32473.eventSource", "Appl]ication")
        .containsEntry("message", "An application event")
        .doesNotContainKey("process.pid");
  }

  @Test
  void rfc5424VendorQuirks() {
    LogEvent cee = parse(f, "<14>1 - - app 12 - - @cee: {\"user\":{\"name\":\"eve\"}}");
    assertThat(cee.fields()).containsEntry("user.name", "eve").containsEntry("process.pid", 12L);
    assertThat(cee.timestamp()).isNull();
    LogEvent noId =
        parse(f, "<14>1 2024-01-01T00:00:00 h app - - [key:\"v\"; other=\u201Ccurly\u201D]");
    assertThat(noId.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(noId.fields())
        .containsEntry("log.syslog.structured_data.sd.key", "v")
        .containsEntry("log.syslog.structured_data.sd.other", "curly")
        .doesNotContainKey("message");
    LogEvent broken = parse(f, "<14>1 - h app - - [id k=\"unterminated] tail");
    assertThat(broken.string(LogFormats.NOTES_FIELD)).contains("structured data");
  }

  @Test
  void firewallStructuredDataLandsInFields() {
    LogEvent srx =
        parse(
            f,
            "<14>1 2019-03-15T14:33:59.153+01:00 srx-fw RT_FLOW - RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.129 source-address=\"10.1.1.2\" source-port=\"54321\" destination-address=\"8.8.8.8\" destination-port=\"53\" service-name=\"junos-dns-udp\" protocol-id=\"17\" policy-name=\"trust-to-untrust\"] session created 10.1.1.2/54321->8.8.8.8/53");
    String junos = "log.syslog.structured_data.junos@2636.1.1.1.2.129.";
    assertThat(srx.timestamp()).isEqualTo(Instant.parse("2019-03-15T13:33:59.153Z"));
    assertThat(srx.fields())
        .containsEntry("log.syslog.msgid", "RT_FLOW_SESSION_CREATE")
        .containsEntry(junos + "source-address", "10.1.1.2")
        .containsEntry(junos + "destination-port", "53")
        .containsEntry(junos + "policy-name", "trust-to-untrust")
        .containsEntry("message", "session created 10.1.1.2/54321->8.8.8.8/53");
    LogEvent checkPoint =
        parse(
            f,
            "<134>1 2021-03-16T10:58:21Z gw-1 CheckPoint 16617 - [action:\"Accept\"; flags:\"411908\"; ifdir:\"inbound\"; src:\"192.168.1.5\"; dst:\"8.8.8.8\"; service:\"53\"; product:\"VPN-1 & FireWall-1\"; msg:\"a \\\"quoted\\\" \\] bracket\"]");
    assertThat(checkPoint.fields())
        .containsEntry("log.syslog.structured_data.sd.action", "Accept")
        .containsEntry("log.syslog.structured_data.sd.src", "192.168.1.5")
        .containsEntry("log.syslog.structured_data.sd.product", "VPN-1 & FireWall-1")
        .containsEntry("log.syslog.structured_data.sd.msg", "a \"quoted\" ] bracket")
        .containsEntry("process.pid", 16617L);
  }

  @Test
  void ceePayloadFieldsAndItsTextAsMessage() {
    LogEvent e =
        parse(
            f,
            "<14>1 2024-01-01T00:00:00Z h app - - - @cee: {\"msg\":\"login failed\",\"user\":{\"name\":\"eve\"},\"src\":\"10.0.0.9\"}");
    assertThat(e.fields())
        .containsEntry("message", "login failed")
        .containsEntry("user.name", "eve")
        .containsEntry("src", "10.0.0.9");
  }

  @Test
  void badInputGetsItsReason() {
    assertRejected(f, "Foo 99 99:99:99 host x", Reason.BAD_TIMESTAMP);
    assertRejected(f, "Apr 31 10:00:00 host x", Reason.BAD_TIMESTAMP);
    assertRejected(f, "<999999>Apr  1 10:00:00 host x", Reason.NO_MATCH);
    assertRejected(f, "Apr  1 10:00:00", Reason.TRUNCATED);
    assertRejected(f, "<1>1 yesterday h a - - - m", Reason.BAD_TIMESTAMP);
    assertRejected(f, "\n", Reason.EMPTY);
  }
}
