package io.varanus.engine.config;

/** An alert severity and the lowest grade (0-100) that earns it. */
public record SeverityBand(String name, double minGrade) {

  public SeverityBand {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A severity band needs a name");
    }
    if (!(minGrade >= 0 && minGrade <= 100)) {
      throw new IllegalArgumentException(
          "Invalid value " + minGrade + " for severity " + name + ": must be a grade in [0, 100]");
    }
  }
}
