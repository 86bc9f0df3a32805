package io.varanus.connectors.source;

import io.varanus.connectors.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record as a source delivered it, before parsing: its origin, optional key, value bytes,
 * headers and the source's timestamp (the Kafka record timestamp; null for files).
 *
 * <p>A source that had to cut an oversize record keeps the first bytes as the value and sets the
 * header {@link #OVERSIZE_HEADER} to the original length, so formats reject it as {@code OVERSIZE}
 * instead of parsing a fragment.
 */
public record RawRecord(
    Origin origin, byte[] key, byte[] value, Map<String, byte[]> headers, Instant timestamp) {

  /** Header set by sources on a cut record; the value is the original length in decimal ASCII. */
  public static final String OVERSIZE_HEADER = "varanus.oversize";

  public RawRecord {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(value, "value");
    key = key == null ? null : key.clone();
    value = value.clone();
    if (headers == null || headers.isEmpty()) {
      headers = Map.of();
    } else {
      Map<String, byte[]> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> copy.put(k, v == null ? null : v.clone()));
      headers = Collections.unmodifiableMap(copy);
    }
  }

  /** A record with only an origin and a value, as files and stdin produce. */
  public static RawRecord of(Origin origin, byte[] value) {
    return new RawRecord(origin, null, value, Map.of(), null);
  }

  /** A record whose value is the UTF-8 encoding of {@code text}; convenient for tests. */
  public static RawRecord of(Origin origin, String text) {
    return of(origin, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The number of value bytes, without copying them. */
  public int length() {
    return value.length;
  }

  /** The named header's bytes, or null. The returned array is a copy. */
  public byte[] header(String name) {
    byte[] v = headers.get(name);
    return v == null ? null : v.clone();
  }

  /** The original length when a source cut this record, else -1. */
  public long oversizeLength() {
    byte[] v = headers.get(OVERSIZE_HEADER);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(new String(v, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RawRecord r)) {
      return false;
    }
    return origin.equals(r.origin)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && Objects.equals(timestamp, r.timestamp)
        && headersEqual(headers, r.headers);
  }

  private static boolean headersEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(origin, timestamp);
    h = 31 * h + Arrays.hashCode(key);
    h = 31 * h + Arrays.hashCode(value);
    for (Map.Entry<String, byte[]> e : headers.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "RawRecord[origin="
        + origin
        + ", bytes="
        + value.length
        + ", headers="
        + headers.keySet()
        + "]";
  }
}
