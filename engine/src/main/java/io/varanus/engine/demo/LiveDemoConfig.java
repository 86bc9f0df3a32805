package io.varanus.engine.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.LogStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The service config of one demo stream: the stream's example config plus the {@code kafka}, {@code
 * topics} and {@code pipeline} sections for the embedded broker. CSV streams name their columns,
 * since records on a topic carry no header line.
 */
public final class LiveDemoConfig {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private LiveDemoConfig() {}

  public static String inputTopic(String name) {
    return "demo-" + name;
  }

  /** Writes {@code <dir>/<name>-service.yml} from {@code exampleConfig} and returns its path. */
  public static Path write(
      Path exampleConfig, LogStream stream, String name, String bootstrap, Path dir)
      throws IOException {
    ObjectNode root = (ObjectNode) YAML.readTree(exampleConfig.toFile());
    if (stream.header() != null) {
      ObjectNode options = root.withObject("/input/options");
      options.put("header", false);
      ArrayNode columns = options.putArray("columns");
      for (String c : stream.header().split(",")) {
        columns.add(c);
      }
    }
    root.putObject("kafka").put("bootstrap.servers", bootstrap);
    ObjectNode topics = root.putObject("topics");
    topics.putArray("input").add(inputTopic(name));
    topics.put("alerts", inputTopic(name) + "-alerts");
    topics.put("dead-letter", inputTopic(name) + "-dead-letters");
    root.putObject("pipeline").put("group-id", "varanus-demo-" + name).put("linger", "100ms");
    Path file = dir.resolve(name + "-service.yml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }
}
