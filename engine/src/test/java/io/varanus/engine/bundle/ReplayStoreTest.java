package io.varanus.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.varanus.connectors.Origin;
import io.varanus.connectors.source.RawRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayStoreTest {

  private static ReplayEvent event(String source, long line, int generation) {
    return ReplayEvent.of(
        RawRecord.of(Origin.file(source, line), "line " + line),
        Instant.parse("2024-03-04T10:00:00Z").plusSeconds(line),
        Map.of("src1m.count", 3.0),
        generation);
  }

  private static ReplayStore generation(ReplayStore previous, int capacity, String file, int n) {
    ReplayStore.Sampler s = previous.next(capacity, file, 7 + previous.lastGeneration());
    for (int i = 1; i <= n; i++) {
      s.offer(event(file, i, s.generation()));
    }
    return s.finish().stamped("v" + s.generation());
  }

  private static double share(ReplayStore store, int generation) {
    return store.events().stream().filter(e -> e.generation() == generation).count()
        / (double) store.events().size();
  }

  @Test
  void staysBoundedAndAUniformSampleOfEveryGeneration() {
    ReplayStore g1 = generation(ReplayStore.NONE, 1000, "day1.log", 10_000);
    ReplayStore g2 = generation(g1, 1000, "day2.log", 10_000);
    ReplayStore g3 = generation(g2, 1000, "day3.log", 20_000);

    assertThat(g1.events()).hasSize(1000);
    assertThat(g1.seen()).isEqualTo(10_000);
    assertThat(g3.events()).hasSize(1000);
    assertThat(g3.seen()).isEqualTo(40_000);
    // one event in four of everything seen came from day 1, one in four from day 2, half from day 3
    // (binomial standard deviation of a share of 1000 events: 0.014 to 0.016)
    assertThat(share(g2, 1)).isCloseTo(0.5, within(0.06));
    assertThat(share(g3, 1)).isCloseTo(0.25, within(0.06));
    assertThat(share(g3, 2)).isCloseTo(0.25, within(0.06));
    assertThat(share(g3, 3)).isCloseTo(0.5, within(0.06));
    assertThat(g3.generations())
        .extracting(ReplayStore.Generation::number, ReplayStore.Generation::modelVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "v1"),
            org.assertj.core.groups.Tuple.tuple(2, "v2"),
            org.assertj.core.groups.Tuple.tuple(3, "v3"));
    assertThat(g3.generations())
        .extracting(ReplayStore.Generation::offered)
        .containsExactly(10_000L, 10_000L, 20_000L);
    assertThat(g3.generations().stream().mapToLong(ReplayStore.Generation::events).sum())
        .isEqualTo(1000);
    assertThat(g3.generations().get(0).window()).isEqualTo("day1.log");
  }

  @Test
  void aSmallerCapacitySubsamplesTheStoreAndAFewEventsAreAllKept() {
    ReplayStore g1 = generation(ReplayStore.NONE, 1000, "day1.log", 5000);
    ReplayStore g2 = generation(g1, 300, "day2.log", 10);

    assertThat(g2.events()).hasSize(300);
    assertThat(g2.capacity()).isEqualTo(300);
    ReplayStore few = generation(ReplayStore.NONE, 1000, "small.log", 40);
    assertThat(few.events()).hasSize(40);
    assertThat(few.events().get(0).record().value())
        .isEqualTo("line 1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void keepsTheHeadersOfTheSourcesItsEventsComeFrom() {
    ReplayStore.Sampler s = ReplayStore.NONE.next(10, "a.csv, b.csv", 1);
    for (int i = 0; i < 20; i++) {
      s.header(RawRecord.of(Origin.file("a.csv", i + 1), "#header " + i));
    }
    s.header(RawRecord.of(Origin.file("b.csv", 1), "ts,bytes"));
    s.offer(event("a.csv", 30, s.generation()));
    ReplayStore g1 = s.finish();

    // b.csv's header is dropped: no event of the store comes from it
    assertThat(g1.headers()).hasSize(ReplayStore.MAX_HEADERS_PER_SOURCE);
    assertThat(g1.headers()).allMatch(h -> h.header() && h.source().equals("a.csv"));

    ReplayStore.Sampler next = g1.next(10, "a.csv", 2);
    next.header(RawRecord.of(Origin.file("a.csv", 1), "#another header"));
    ReplayStore g2 = next.finish();
    assertThat(g2.headers()).isEqualTo(g1.headers());
  }

  @Test
  void recordsThatAreNotUtf8AreKeptAsBase64() {
    byte[] bytes = {(byte) 0xff, 'a', (byte) 0xc3};
    ReplayEvent e = ReplayEvent.of(RawRecord.of(Origin.file("x.log", 3), bytes), null, Map.of(), 1);

    assertThat(e.raw()).isNull();
    assertThat(e.record().value()).isEqualTo(bytes);
    assertThat(e.record().origin()).isEqualTo(Origin.file("x.log", 3));
    assertThat(e.instant()).isNull();
    assertThat(List.of(e)).hasSize(1);
  }
}
