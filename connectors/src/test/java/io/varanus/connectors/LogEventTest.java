package io.varanus.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEventTest {

  private static Double number(Object value) {
    return new LogEvent(null, Map.of("f", value), new Origin("t", 0, 0)).number("f");
  }

  @Test
  void numbersAsTextDecimalAndHexadecimal() {
    assertThat(number("42")).isEqualTo(42.0);
    assertThat(number(" 2.5 ")).isEqualTo(2.5);
    assertThat(number("0x10")).isEqualTo(16.0);
    assertThat(number("0XfF")).isEqualTo(255.0);
    assertThat(number("0x8020000000000000")).isEqualTo(Math.pow(2, 63) + Math.pow(2, 53));
    assertThat(number("0xFFFFFFFFFFFFFFFF")).isEqualTo(Math.pow(2, 64));
  }

  @Test
  void whatIsNotAFiniteNumberIsNull() {
    assertThat(number("0x")).isNull();
    assertThat(number("0x1G")).isNull();
    assertThat(number("0x10000000000000000")).isNull(); // 17 digits
    assertThat(number("1e999")).isNull();
    assertThat(number("abc")).isNull();
    assertThat(number("")).isNull();
  }
}
