package io.varanus.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.engine.pipeline.ServiceFixture.Sent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code varanus run} (a process of its own) against a broker whose only client listener requires
 * TLS and SCRAM-SHA-512, configured through the config's {@code kafka:} passthrough: it scores and
 * commits everything, and neither the password nor the trust store's password appears in its log.
 * The broker's certificate is made with the JDK's keytool for 127.0.0.1; the test's own clients use
 * a plaintext listener kept for them (and for the broker's internal traffic).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslSslIT {

  private static final String USER = "varanus-svc";
  private static final String PASSWORD = "s3cret-Scram-pw-7d41";
  private static final String STORE_PASSWORD = "store-pw-93a1c";

  private ServiceFixture fx;
  private Path dir;
  private KafkaRaftServer server;
  private String plaintext;
  private String saslSsl;

  @BeforeAll
  void setUp() throws Exception {
    fx = ServiceFixture.shared();
    dir = Files.createTempDirectory("varanus-sasl");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        dir.resolve("broker.p12").toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-rfc",
        "-file",
        dir.resolve("broker.crt").toString(),
        "-keystore",
        dir.resolve("broker.p12").toString(),
        "-storepass",
        STORE_PASSWORD);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        dir.resolve("broker.crt").toString(),
        "-keystore",
        dir.resolve("trust.p12").toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD);

    int plainPort = freePort();
    int saslPort = freePort();
    int controllerPort = freePort();
    plaintext = "127.0.0.1:" + plainPort;
    saslSsl = "127.0.0.1:" + saslPort;
    String logDir = BrokerProcess.formatOnce(dir);
    Map<String, String> p = BrokerProcess.props(logDir, plainPort, controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + plaintext
            + ",SASL_SSL://"
            + saslSsl
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + plaintext + ",SASL_SSL://" + saslSsl);
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("ssl.keystore.location", dir.resolve("broker.p12").toString());
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.password", STORE_PASSWORD);
    p.put("ssl.key.password", STORE_PASSWORD);
    server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
    server.startup();
    BrokerProcess.awaitReady(plaintext);
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void tearDown() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
    }
  }

  @Test
  void scoresOverTlsAndScramWithoutLoggingCredentials() throws Exception {
    String prefix = "sasl";
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + "-in", 2, (short) 1),
                  new NewTopic(prefix + "-alerts", 1, (short) 1),
                  new NewTopic(prefix + "-dlq", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    var events = ServiceFixture.events(2000, 0.05, 91);
    List<Sent> sent = new ArrayList<>();
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (var e : events) {
        producer.send(
            new ProducerRecord<>(prefix + "-in", e.line().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }

    Map<String, Object> kafka = new HashMap<>();
    kafka.put("bootstrap.servers", saslSsl);
    kafka.put("security.protocol", "SASL_SSL");
    kafka.put("sasl.mechanism", "SCRAM-SHA-512");
    kafka.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + USER
            + "\" password=\""
            + PASSWORD
            + "\";");
    kafka.put("ssl.truststore.location", dir.resolve("trust.p12").toString());
    kafka.put("ssl.truststore.type", "PKCS12");
    kafka.put("ssl.truststore.password", STORE_PASSWORD);
    int port = freePort();
    Map<String, Object> sections = new HashMap<>();
    sections.put("kafka", kafka);
    sections.put(
        "topics",
        Map.of(
            "input", List.of(prefix + "-in"),
            "alerts", prefix + "-alerts",
            "dead-letter", prefix + "-dlq"));
    sections.put("pipeline", Map.of("group-id", prefix + "-group", "linger", "50ms"));
    sections.put("metrics", Map.of("enabled", true, "host", "127.0.0.1", "port", port));
    Path cfg = fx.writeConfig(prefix, sections);
    Path log = dir.resolve("service.log");
    ServiceProcess service = ServiceProcess.start(cfg, fx.bundle, port, log);
    try {
      assertThat(service.awaitReady(Duration.ofSeconds(120))).as("ready over SASL_SSL").isTrue();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long lag = -1;
      try (Admin admin = admin()) {
        while (System.nanoTime() < end
            && (lag = GroupLag.of(admin, prefix + "-group", prefix + "-in")) != 0) {
          Thread.sleep(200);
        }
      }
      assertThat(lag).as("records the group has not committed").isZero();
      assertThat(service.metrics()).contains("varanus_events_scored_total " + events.size());
    } finally {
      service.terminate(Duration.ofSeconds(60));
    }
    assertThat(ServiceFixture.readAll(plaintext, prefix + "-alerts", false)).isNotEmpty();
    String text = Files.readString(log);
    assertThat(text).contains("Stopped: Snapshot[consumed=" + events.size());
    assertThat(text).doesNotContain(PASSWORD).doesNotContain(STORE_PASSWORD);
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext);
    return Admin.create(p);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
