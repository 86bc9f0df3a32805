package io.varanus.engine.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReservoirTest {

  @Test
  void keepsEverythingInOrderBelowCapacity() {
    Reservoir<float[]> r = new Reservoir<>(10, new SplittableRandom(1));
    for (int i = 0; i < 7; i++) {
      r.add(new float[] {i});
    }

    float[][] rows = r.items().toArray(float[][]::new);

    assertThat(r.seen()).isEqualTo(7);
    assertThat(rows).hasNumberOfRows(7);
    for (int i = 0; i < 7; i++) {
      assertThat(rows[i]).containsExactly(i);
    }
  }

  @Test
  void keepsCapacityDistinctRowsOfTheStream() {
    Reservoir<float[]> r = new Reservoir<>(100, new SplittableRandom(2));
    for (int i = 0; i < 10_000; i++) {
      r.add(new float[] {i});
    }

    float[][] rows = r.items().toArray(float[][]::new);

    assertThat(r.seen()).isEqualTo(10_000);
    assertThat(rows).hasNumberOfRows(100);
    Set<Float> values = new HashSet<>();
    for (float[] row : rows) {
      assertThat(row[0]).isBetween(0f, 9_999f);
      values.add(row[0]);
    }
    assertThat(values).hasSize(100);
  }

  @Test
  void everyRowIsEquallyLikelyToBeKept() {
    int items = 20;
    int capacity = 5;
    int runs = 20_000;
    int[] kept = new int[items];
    SplittableRandom seeds = new SplittableRandom(3);
    for (int run = 0; run < runs; run++) {
      Reservoir<float[]> r = new Reservoir<>(capacity, seeds.split());
      for (int i = 0; i < items; i++) {
        r.add(new float[] {i});
      }
      for (float[] row : r.items().toArray(float[][]::new)) {
        kept[(int) row[0]]++;
      }
    }
    // each item is kept with probability 1/4: 5,000 of 20,000 runs, standard deviation ~61
    for (int i = 0; i < items; i++) {
      assertThat(kept[i]).as("runs keeping item %d", i).isBetween(4_700, 5_300);
    }
  }

  @Test
  void sameSeedSameSample() {
    Reservoir<float[]> a = new Reservoir<>(10, new SplittableRandom(4));
    Reservoir<float[]> b = new Reservoir<>(10, new SplittableRandom(4));
    for (int i = 0; i < 1000; i++) {
      a.add(new float[] {i});
      b.add(new float[] {i});
    }

    assertThat(a.items().toArray(float[][]::new)).isDeepEqualTo(b.items().toArray(float[][]::new));
  }
}
