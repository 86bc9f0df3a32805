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

/** Durations in feature specs: parsed as {@link io.varanus.connectors.Durations} does, in JSON. */
public final class Durations {

  private Durations() {}

  /** Parses {@code text}; the exception names {@code key}. */
  public static Duration parse(String key, String text) {
    try {
      return io.varanus.connectors.Durations.parse(text);
    } catch (IllegalArgumentException e) {
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
