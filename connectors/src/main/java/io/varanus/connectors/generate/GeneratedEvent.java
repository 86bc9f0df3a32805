package io.varanus.connectors.generate;

import java.time.Instant;
import java.util.Objects;

/**
 * One synthetic log line with its ground truth: {@code label} is {@value #NORMAL} or {@value
 * #ATTACK}; {@code attackClass} names the attack ({@code brute_force}, {@code sql_injection}, ...)
 * and is {@value #NORMAL} for normal lines.
 */
public record GeneratedEvent(String line, String label, String attackClass, Instant time) {

  public static final String NORMAL = "normal";
  public static final String ATTACK = "attack";

  public GeneratedEvent {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(time, "time");
    if (!NORMAL.equals(label) && !ATTACK.equals(label)) {
      throw new IllegalArgumentException(
          "Invalid value " + label + " for label: must be normal or attack");
    }
    if (NORMAL.equals(label) != NORMAL.equals(attackClass)) {
      throw new IllegalArgumentException(
          "Invalid value "
              + attackClass
              + " for attackClass: must be normal exactly for normal events");
    }
  }

  public boolean isAttack() {
    return ATTACK.equals(label);
  }
}
