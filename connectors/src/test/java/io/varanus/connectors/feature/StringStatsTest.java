package io.varanus.connectors.feature;

import static io.varanus.connectors.feature.TestEvents.CLOCK;
import static io.varanus.connectors.feature.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringStatsTest {

  private static final List<String> NORMAL_PATHS =
      List.of(
          "/",
          "/index.html",
          "/products/shoes",
          "/products/shoes/42",
          "/cart",
          "/checkout",
          "/static/css/site.css",
          "/static/js/app.js",
          "/api/v1/items",
          "/api/v1/items/1093",
          "/login",
          "/account/orders",
          "/search",
          "/images/logo.png",
          "/help/faq");

  private static final List<String> ATTACKS =
      List.of(
          "/login?user=admin' OR 1=1--",
          "/../../etc/passwd",
          "/search?q=<script>alert(document.cookie)</script>",
          "/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--",
          "/index.php?page=..%2F..%2F..%2Fetc%2Fpasswd");

  private Featurizer fitted() {
    FeatureSpec spec =
        FeatureSpec.fromYaml("features:\n  string-stats:\n    - {field: url.path, name: path}\n");
    List<LogEvent> training = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      for (String p : NORMAL_PATHS) {
        training.add(event("url.path", p));
      }
    }
    return Featurizer.create(Featurizer.fit(spec, training, CLOCK), CLOCK);
  }

  @Test
  void injectionPayloadsStandOut() {
    Featurizer f = fitted();
    FeatureSchema schema = f.schema();
    double worstNormal = NORMAL_PATHS.stream().mapToDouble(p -> score(f, p)).max().orElseThrow();
    double[] normal = NORMAL_PATHS.stream().mapToDouble(p -> score(f, p)).sorted().toArray();
    double median = normal[normal.length / 2];
    for (String attack : ATTACKS) {
      double s = score(f, attack);
      // Every payload above every normal path, and an order of magnitude above the typical one.
      assertThat(s).as(attack).isGreaterThan(worstNormal).isGreaterThan(10 * median);
    }
    FeatureVector sqli = f.apply(event("url.path", ATTACKS.get(3)));
    assertThat((double) sqli.raw(schema.indexOf("path.percent_ratio"))).isGreaterThan(0.3);
    FeatureVector xss = f.apply(event("url.path", ATTACKS.get(2)));
    assertThat((double) xss.raw(schema.indexOf("path.special_ratio"))).isGreaterThan(0.15);
  }

  @Test
  void rawStatisticsAreExact() {
    Featurizer f = fitted();
    FeatureSchema schema = f.schema();
    FeatureVector v = f.apply(event("url.path", "aB1%2F"));
    assertThat(v.raw(schema.indexOf("path.length"))).isEqualTo(6.0);
    assertThat(v.raw(schema.indexOf("path.digit_ratio"))).isEqualTo(2 / 6.0);
    assertThat(v.raw(schema.indexOf("path.upper_ratio"))).isEqualTo(2 / 6.0);
    assertThat(v.raw(schema.indexOf("path.special_ratio"))).isEqualTo(1 / 6.0);
    assertThat(v.raw(schema.indexOf("path.percent_ratio"))).isEqualTo(0.5);
    double entropy =
        (double) f.apply(event("url.path", "abab")).raw(schema.indexOf("path.entropy"));
    assertThat(entropy).isEqualTo(1.0);
  }

  /** Squared norm of the standardized string features: what a Gaussian decoder would pay. */
  private static double score(Featurizer f, String path) {
    double sum = 0;
    for (float x : f.apply(event("url.path", path)).values()) {
      sum += x * x;
    }
    return sum;
  }
}
