package io.varanus.connectors.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.varanus.connectors.feature.internal.LogMasker;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

  private final TemplateMiner miner = TemplateMiner.of(TextFeatureSpec.of("message"));

  @Test
  void groupsLinesOfOneKindAndKeepsKindsApart() {
    LogTemplate a = miner.add("Accepted password for alice from 10.0.0.5 port 5022 ssh2");
    LogTemplate b = miner.add("Accepted password for bob from 10.0.0.9 port 6000 ssh2");
    LogTemplate c = miner.add("Failed password for root from 203.0.113.7 port 4711 ssh2");
    LogTemplate d = miner.add("Invalid user admin from 203.0.113.7");
    LogTemplate e = miner.add("Connection closed by 198.51.100.2 port 22 [preauth]");
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(List.of(c.id(), d.id(), e.id())).doesNotHaveDuplicates().doesNotContain(a.id());
    assertThat(miner.templates()).hasSize(4);
    assertThat(miner.templates().get(0).text())
        .isEqualTo("Accepted password for <*> from <IP> port <NUM> ssh2");
    assertThat(miner.templates().get(0).count()).isEqualTo(2);
  }

  @Test
  void matchDoesNotLearn() {
    miner.add("session opened for user root by (uid=0)");
    assertThat(miner.match("session opened for user alice by (uid=1000)")).isNotNull();
    assertThat(miner.match("kernel: Out of memory: Kill process 1234")).isNull();
    assertThat(miner.templates()).hasSize(1);
    assertThat(miner.templates().get(0).count()).isEqualTo(1);
  }

  @Test
  void restoredMinerMatchesLikeTheOriginal() {
    String[] lines = {
      "Accepted password for alice from 10.0.0.5 port 5022 ssh2",
      "Accepted publickey for bob from 10.0.0.9 port 6000 ssh2",
      "Received disconnect from 10.0.0.9: 11: disconnected by user",
      "pam_unix(sshd:session): session closed for user bob",
    };
    for (String l : lines) {
      miner.add(l);
    }
    TemplateMiner restored =
        TemplateMiner.restore(TextFeatureSpec.of("message"), miner.templates());
    assertThat(restored.templates()).isEqualTo(miner.templates());
    for (String l : lines) {
      assertThat(restored.match(l)).isEqualTo(miner.match(l));
    }
  }

  @Test
  void masksVariableTokens() {
    assertThat(LogMasker.mask("10.0.0.5")).isEqualTo("<IP>");
    assertThat(LogMasker.mask("10.0.0.5:8080")).isEqualTo("<IP>");
    assertThat(LogMasker.mask("[173.234.31.186]")).isEqualTo("[<IP>]");
    assertThat(LogMasker.mask("fe80::1ff:fe23:4567:890a")).isEqualTo("<IP>");
    assertThat(LogMasker.mask("2001:0db8:0000:0000:0000:ff00:0042:8329")).isEqualTo("<IP>");
    assertThat(LogMasker.mask("123e4567-e89b-12d3-a456-426614174000")).isEqualTo("<UUID>");
    assertThat(LogMasker.mask("0xdeadbeef")).isEqualTo("<HEX>");
    assertThat(LogMasker.mask("c4f3a9b2d1")).isEqualTo("<HEX>");
    assertThat(LogMasker.mask("5022,")).isEqualTo("<NUM>,");
    assertThat(LogMasker.mask("-12.5")).isEqualTo("<NUM>");
    assertThat(LogMasker.mask("06:55:46")).isEqualTo("<NUM>");
    assertThat(LogMasker.mask("/etc/passwd")).isEqualTo("<PATH>");
    assertThat(LogMasker.mask("https://example.org/a?b=1")).isEqualTo("<PATH>");
    assertThat(LogMasker.mask("uid=0")).isEqualTo("uid=<NUM>");
    assertThat(LogMasker.mask("rhost=218.188.2.4")).isEqualTo("rhost=<IP>");
    assertThat(LogMasker.mask("password")).isEqualTo("password");
    assertThat(LogMasker.mask("ssh2")).isEqualTo("ssh2");
    assertThat(LogMasker.mask("deadbeef")).isEqualTo("deadbeef");
  }

  @Test
  void maxChildrenSendsNewLeadingTokensToTheWildcard() {
    TemplateMiner small = new TemplateMiner(4, 0.5, 3, 100);
    for (String w : new String[] {"alpha", "beta", "gamma", "delta", "epsilon"}) {
      small.add(w + " started service");
    }
    assertThat(small.templates())
        .extracting(t -> t.route().get(0))
        .containsExactly("alpha", "beta", "<*>");
    assertThat(small.templates().get(2).text()).isEqualTo("<*> started service");
  }

  @Test
  void templateLimitStopsLearningNewKinds() {
    TemplateMiner limited = new TemplateMiner(4, 0.9, 100, 2);
    limited.add("one two three");
    limited.add("four five six");
    assertThat(limited.add("seven eight nine")).isNull();
    assertThat(limited.add("one two three")).isNotNull();
    assertThat(limited.templates()).hasSize(2);
  }
}
