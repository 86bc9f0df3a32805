package io.varanus.engine.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.Contribution;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes an {@link Alert} as the ECS-shaped JSON document of DESIGN.md ("Alert JSON"): {@code
 * @timestamp}, {@code event}, {@code rule}, {@code varanus}, the entity fields nested by their
 * dotted names ({@code source.ip} becomes {@code "source": {"ip": ...}}) and {@code kafka}.
 */
public final class AlertJson {

  public static final String RULE_NAME = "varanus-vae";

  private final ObjectMapper json = new ObjectMapper();

  public byte[] toBytes(Alert a) {
    try {
      return json.writeValueAsBytes(toTree(a));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An alert tree always serializes", e);
    }
  }

  public ObjectNode toTree(Alert a) {
    ObjectNode root = json.createObjectNode();
    root.put("@timestamp", DateTimeFormatter.ISO_INSTANT.format(a.timestamp()));
    ObjectNode event = root.putObject("event");
    event.put("kind", "alert");
    event.put("id", a.id());
    event.put("original", a.original());
    ObjectNode rule = root.putObject("rule");
    rule.put("name", RULE_NAME);
    rule.put("version", a.modelVersion());
    ObjectNode v = root.putObject("varanus");
    v.put("score", finite(a.score()));
    v.put("threshold", finite(a.threshold()));
    v.put("grade", finite(a.grade()));
    v.put("severity", a.severity());
    ArrayNode contributions = v.putArray("contributions");
    for (Contribution c : a.contributions()) {
      ObjectNode o = contributions.addObject();
      o.put("feature", c.feature());
      o.put("share", finite(c.share()));
      o.putPOJO("value", c.value());
      o.putPOJO("expected", c.expected());
    }
    v.put("suppressed_count", a.suppressedCount());
    if (a.entity() != null) {
      v.put("entity", a.entity());
    }
    for (Map.Entry<String, String> f : a.entityFields().entrySet()) {
      nested(root, f.getKey(), f.getValue());
    }
    ObjectNode kafka = root.putObject("kafka");
    kafka.put("topic", a.origin().source());
    kafka.put("partition", a.origin().partition());
    kafka.put("offset", a.origin().offset());
    return root;
  }

  private static void nested(ObjectNode root, String dotted, String value) {
    String[] parts = dotted.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null) {
        child = node.putObject(parts[i]);
      } else if (!child.isObject()) {
        return;
      }
      node = (ObjectNode) child;
    }
    if (!node.has(parts[parts.length - 1])) {
      node.put(parts[parts.length - 1], value);
    }
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? BundleScorer.round(d) : null;
  }
}
