package io.varanus.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawRecordTest {

  @Test
  void arraysAreCopiedAndComparedByContent() {
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> headers = new HashMap<>();
    headers.put("h", new byte[] {1});
    RawRecord a =
        new RawRecord(new Origin("t", 0, 5), new byte[] {9}, value, headers, Instant.EPOCH);
    value[0] = 'x';
    headers.get("h")[0] = 2;
    RawRecord b =
        new RawRecord(
            new Origin("t", 0, 5),
            new byte[] {9},
            "v".getBytes(StandardCharsets.UTF_8),
            Map.of("h", new byte[] {1}),
            Instant.EPOCH);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.value()).containsExactly('v');
    a.value()[0] = 'z';
    assertThat(a.value()).containsExactly('v');
    assertThat(a.oversizeLength()).isEqualTo(-1);
  }
}
