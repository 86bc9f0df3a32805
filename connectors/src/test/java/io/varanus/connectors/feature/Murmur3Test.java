package io.varanus.connectors.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.feature.internal.Murmur3;
import org.junit.jupiter.api.Test;

class Murmur3Test {

  @Test
  void valuesArePinned() {
    // Pinned outputs: changing the hash silently re-buckets every saved model.
    assertThat(Murmur3.hash32("", 0)).isEqualTo(0);
    assertThat(Murmur3.hash32("alice", 0)).isEqualTo(811107759);
    assertThat(Murmur3.hash32("root", 0)).isEqualTo(1298359892);
    assertThat(Murmur3.hash32("10.0.0.5", 0)).isEqualTo(-1623128942);
    assertThat(Murmur3.hash64("alice")).isEqualTo(-9056997810620266007L);
    assertThat(Murmur3.hash32("alice", 0)).isNotEqualTo(Murmur3.hash32("alice", 1));
    assertThat(Murmur3.hash32("ab", 0)).isNotEqualTo(Murmur3.hash32("ba", 0));
  }

  @Test
  void bucketsSpreadEvenly() {
    int[] counts = new int[16];
    for (int i = 0; i < 16_000; i++) {
      counts[Murmur3.bucket("user" + i, 0, 16)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(850, 1150);
    }
  }
}
