package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code varanus demo}: embedded broker, training, the offline table, the live run and its score.
 */
class DemoIT {

  @Test
  void demoRunsTheServiceOnAnEmbeddedBrokerAndScoresItsAlerts() throws Exception {
    Path dir = Fixtures.root().resolve("demo");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    AtomicReference<String> scraped = new AtomicReference<>("");
    AtomicBoolean done = new AtomicBoolean();
    Thread scraper = new Thread(() -> scrapeWhileRunning(port, scraped, done), "demo-scraper");
    scraper.start();
    Cli.Result r;
    try {
      r =
          Cli.run(
              "demo",
              "--events",
              "3000",
              "--rate",
              "3000",
              "--work-dir",
              dir.toString(),
              "--seed",
              "3",
              "--metrics-port",
              Integer.toString(port));
    } finally {
      done.set(true);
      scraper.join();
    }
    System.out.println(r.out());
    assertThat(r.out()).contains("metrics: http://127.0.0.1:" + port + "/metrics");
    Matcher scored =
        Pattern.compile("(?m)^varanus_events_scored_total(\\{[^}]*\\})? ([0-9.eE+]+)$")
            .matcher(scraped.get());
    assertThat(scored.find()).as("a scrape during the live run: %s", scraped.get()).isTrue();
    assertThat(Double.parseDouble(scored.group(2))).isPositive();
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.out())
        .contains("Kafka (KRaft, one node) started")
        .contains("isolation-forest")
        .contains("rcf")
        .contains("events/s")
        .contains("lag 0")
        .contains("Stopping the embedded Kafka");
    Matcher m =
        Pattern.compile("([\\d,]+) events in .* precision ([\\d.]+), recall ([\\d.]+)")
            .matcher(r.out());
    assertThat(m.find()).as("the live result line in %s", r.out()).isTrue();
    assertThat(m.group(1)).isEqualTo("3,000");
    assertThat(Double.parseDouble(m.group(2))).as("precision").isGreaterThan(0.5);
    assertThat(Double.parseDouble(m.group(3))).as("recall").isGreaterThan(0.5);
  }

  /** Keeps the last /metrics body that showed scored events, until {@code done}. */
  private static void scrapeWhileRunning(
      int port, AtomicReference<String> scraped, AtomicBoolean done) {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    while (!done.get()) {
      try {
        String body =
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        if (body.contains("varanus_events_scored_total")) {
          scraped.set(body);
        }
      } catch (java.io.IOException e) {
        // not serving yet, or already stopped
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
