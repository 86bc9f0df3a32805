package io.varanus.connectors.feature;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Whether the training events carry the fields the features read. A feature on a field that no
 * training event has would learn nothing but its missing value (usually a misspelt field name, or a
 * field the input format does not emit), so fitting stops with the key path; a field that fewer
 * than {@value #RARE_PERCENT}% of the events carry gets a note, since its feature is mostly the
 * missing value.
 */
final class FieldCoverage {

  /** Below this share of the training events a field is reported as rare. */
  static final double RARE_PERCENT = 1.0;

  private FieldCoverage() {}

  static void check(
      FeatureSpec spec, Map<String, Long> counts, long events, Consumer<String> notes) {
    if (events == 0) {
      return;
    }
    Map<String, String> paths = spec.sourceFields();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String field = e.getKey();
      long n = e.getValue();
      if (n == 0) {
        throw new InvalidFeatureSpecException(
            paths.get(field),
            field,
            "none of the "
                + events
                + " training events has this field; check its name against the fields the input"
                + " format emits (README, Log formats), or remove the feature");
      }
      double percent = 100.0 * n / events;
      if (percent < RARE_PERCENT) {
        notes.accept(
            String.format(
                Locale.ROOT,
                "field %s (features.%s) is present in only %d of %d training events (%.2f%%);"
                    + " its feature is mostly the missing value",
                field,
                paths.get(field),
                n,
                events,
                percent));
      }
    }
  }
}
