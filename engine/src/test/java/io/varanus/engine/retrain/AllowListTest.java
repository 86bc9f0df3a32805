package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import io.varanus.engine.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowListTest {

  @TempDir Path dir;

  private static LogEvent event(Map<String, Object> fields) {
    return new LogEvent(Instant.EPOCH, fields, new Origin("f.log", 0, 1));
  }

  private AllowList load(String text) throws Exception {
    Path f = dir.resolve("allow.txt");
    Files.writeString(f, text);
    return AllowList.load(f);
  }

  @Test
  void everyConditionOfARuleMustHold() throws Exception {
    AllowList list =
        load(
            """
            # the nightly backup job
            user.name=backup source.ip=10.0.4.17   # trailing comment

            url.path~^/healthz
            """);
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.allows(event(Map.of("user.name", "backup", "source.ip", "10.0.4.17"))))
        .isTrue();
    assertThat(list.allows(event(Map.of("user.name", "backup", "source.ip", "10.0.4.18"))))
        .isFalse();
    assertThat(list.allows(event(Map.of("user.name", "backup")))).isFalse();
    assertThat(list.allows(event(Map.of("url.path", "/healthz/live")))).isTrue();
    assertThat(list.allows(event(Map.of("url.path", "/api/healthz")))).isFalse();
  }

  @Test
  void anEqualsSignInsideARegexBelongsToTheRegex() throws Exception {
    AllowList list = load("url.query~^id=\\d+$\n");
    assertThat(list.allows(event(Map.of("url.query", "id=42")))).isTrue();
    assertThat(list.allows(event(Map.of("url.query", "id=x")))).isFalse();
  }

  @Test
  void noneAllowsNothing() {
    assertThat(AllowList.none().allows(event(Map.of("a", "b")))).isFalse();
    assertThat(AllowList.none().source()).isNull();
  }

  @Test
  void badRulesNameTheFileLineAndRule() {
    assertThatThrownBy(() -> load("ok=1\njust-a-word\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("allow.txt:2")
        .hasMessageContaining("'just-a-word'")
        .hasMessageContaining("field=value or field~regex");
    assertThatThrownBy(() -> load("path~([unclosed\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("allow.txt:1")
        .hasMessageContaining("invalid regular expression");
    assertThatThrownBy(() -> AllowList.load(dir.resolve("missing.txt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.txt does not exist");
  }
}
