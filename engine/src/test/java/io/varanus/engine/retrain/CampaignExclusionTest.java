package io.varanus.engine.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.Origin;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignExclusionTest {

  private static LogEvent from(String ip) {
    Map<String, Object> fields = new HashMap<>();
    if (ip != null) {
      fields.put("source.ip", ip);
    }
    return new LogEvent(Instant.EPOCH, fields, new Origin("t", 0, 0));
  }

  @Test
  void aSourceWithManyHighGradedEventsIsACampaignAndOneRareEventIsKept() {
    CampaignExclusion x = new CampaignExclusion("source.ip", 3, 0.015);
    // 0-9: a visitor with one high-graded event (index 4)
    for (int i = 0; i < 10; i++) {
      x.add(from("10.0.0.1"), i == 4, false);
    }
    // 10-13: a scanner, three of four high-graded
    x.add(from("66.6.6.6"), true, false);
    x.add(from("66.6.6.6"), false, false);
    x.add(from("66.6.6.6"), true, false);
    x.add(from("66.6.6.6"), true, false);
    // 14: held back; 15: high-graded without the key
    x.held(from("66.6.6.6"), false);
    x.add(from(null), true, false);

    BitSet kept = new BitSet();
    CampaignExclusion.Counts c = x.decide(kept, 0.9, true);

    assertThat(kept.get(0, 10).cardinality()).isEqualTo(10); // the rare event 4 is kept
    assertThat(kept.get(10, 14).isEmpty()).isTrue(); // the quieter request 11 goes too
    assertThat(kept.get(14)).isFalse(); // held back: neither
    assertThat(kept.get(15)).isFalse();
    assertThat(c.campaigns()).isEqualTo(1);
    assertThat(c.campaignEvents()).isEqualTo(4);
    assertThat(c.excluded()).isEqualTo(5);
    assertThat(c.isolatedKept()).isEqualTo(1);
    assertThat(x.fromCampaign(14)).isTrue(); // a held-back event of the scanner
    assertThat(x.fromCampaign(4)).isFalse();
    assertThat(x.fromCampaign(15)).isFalse();
    assertThat(x.fromOrdinarySource(4)).isTrue();
    assertThat(x.fromOrdinarySource(14)).isFalse();
    assertThat(x.fromOrdinarySource(15)).isFalse(); // no key: not known to be ordinary

    BitSet all = new BitSet();
    CampaignExclusion.Counts none = x.decide(all, 0.9, false);
    assertThat(all.cardinality()).isEqualTo(15); // all but the held-back one
    assertThat(none.excluded()).isZero();
    assertThat(none.suspected()).isEqualTo(5);
    assertThat(x.fromCampaign(14)).isTrue();
  }

  @Test
  void aBusySourceWithAsManySuspectedEventsAsItsVolumeExplainsIsNoCampaign() {
    CampaignExclusion x = new CampaignExclusion("source.ip", 3, 0.015);
    for (int i = 0; i < 200; i++) {
      x.add(from("10.0.0.9"), i % 40 == 0, false); // 5 of 200 high; 3 expected at 1.5%
    }
    for (int i = 0; i < 100; i++) {
      x.add(from("10.0.0.7"), i % 5 == 0, false); // 20 of 100 high: far more than 1.5 expected
    }

    BitSet kept = new BitSet();
    CampaignExclusion.Counts c = x.decide(kept, 0.9, true);

    assertThat(kept.get(0, 200).cardinality()).isEqualTo(200);
    assertThat(c.isolatedKept()).isEqualTo(5);
    assertThat(c.campaigns()).isEqualTo(1);
    // a campaign, but most of its events are not suspected: only the 20 suspected go
    assertThat(c.excluded()).isEqualTo(20);
    assertThat(kept.cardinality()).isEqualTo(280);
  }

  @Test
  void poissonTailMatchesTheClosedForm() {
    // P(X >= 3) for mean 1: 1 - e^-1 (1 + 1 + 1/2)
    assertThat(CampaignExclusion.poissonTail(1, 3))
        .isCloseTo(1 - Math.exp(-1) * 2.5, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(CampaignExclusion.poissonTail(5, 3)).isEqualTo(1);
    assertThat(CampaignExclusion.poissonTail(0.075, 3)).isLessThan(1e-4);
    assertThat(CampaignExclusion.poissonTail(1e-3, 400)).isZero(); // underflows: significant
  }

  @Test
  void whenHighGradesAreCommonTheyAreNotRareAndAllAreLeftOut() {
    CampaignExclusion x = new CampaignExclusion("source.ip", 3, 0.015);
    for (int i = 0; i < 10; i++) {
      x.add(from("10.0.0." + i), i < 2, false); // 2 of 10 high, each source alone
    }

    BitSet strict = new BitSet();
    CampaignExclusion.Counts c = x.decide(strict, 0.1, true);
    assertThat(c.gradingAlone()).isTrue();
    assertThat(c.suspected()).isEqualTo(2);
    assertThat(c.excluded()).isEqualTo(2);
    assertThat(strict.cardinality()).isEqualTo(8);
    assertThat(x.decide(new BitSet(), 0.2, true).isolatedKept()).isEqualTo(2);
  }

  @Test
  void withoutAKeyEveryHighGradedEventIsLeftOutAndTheAllowListWins() {
    CampaignExclusion x = new CampaignExclusion(null, 3, 0.015);
    x.add(from("10.0.0.1"), true, false);
    x.add(from("10.0.0.1"), true, true);
    x.add(from("10.0.0.1"), false, false);

    BitSet kept = new BitSet();
    CampaignExclusion.Counts c = x.decide(kept, 0.9, true);

    assertThat(kept.get(0)).isFalse();
    assertThat(kept.get(1)).isTrue();
    assertThat(kept.get(2)).isTrue();
    assertThat(c.excluded()).isEqualTo(1);
    assertThat(c.allowed()).isEqualTo(1);
    assertThat(c.isolatedKept()).isZero();
  }
}
