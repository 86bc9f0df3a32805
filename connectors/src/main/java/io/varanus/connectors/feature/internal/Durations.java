package io.varanus.connectors.feature.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.varanus.connectors.feature.InvalidFeatureSpecException;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; the exception names {@code key}. */
  public static Duration parse(String key, String text) {
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(t);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new InvalidFeatureSpecException(
          key, text, "must be a duration such as 500ms, 30s, 5m, 2h, 7d or PT5M");
    }
  }

  /** A Jackson module reading durations in both forms and writing them in ISO form. */
  public static SimpleModule module() {
    SimpleModule module = new SimpleModule("varanus-durations");
    module.addDeserializer(Duration.class, new Reader());
    module.addSerializer(Duration.class, new Writer());
    return module;
  }

  private static final class Reader extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      // The key is empty: the reader prefixes the path, which ends with this property's name.
      return parse("", p.getValueAsString(p.getText()));
    }
  }

  private static final class Writer extends StdScalarSerializer<Duration> {
    private static final long serialVersionUID = 1L;

    Writer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }
}
