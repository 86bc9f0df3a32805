package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks every format makes before looking at a record's content: size, a source's oversize
 * flag, UTF-8 validity and blankness. Invalid UTF-8 is rejected as {@code NOT_UTF8} by default;
 * with option {@code invalid-utf8: replace} bad sequences become U+FFFD and the event gets a note.
 */
final class RecordText {

  static final int DEFAULT_MAX_BYTES = 1 << 20;

  /** The decoded text and whether invalid bytes were replaced. */
  record Text(String value, boolean replaced) {}

  private final int maxBytes;
  private final boolean replaceInvalid;

  RecordText(FormatOptions options) {
    this.maxBytes = options.integer("max-bytes", DEFAULT_MAX_BYTES, 1);
    this.replaceInvalid =
        options.choice("invalid-utf8", "reject", "reject", "replace").equals("replace");
  }

  /** A builder for the event, noting a replacement of invalid UTF-8. */
  static EventBuilder builder(Text text) {
    EventBuilder b = new EventBuilder();
    return text.replaced() ? b.note("invalid UTF-8 replaced") : b;
  }

  int maxBytes() {
    return maxBytes;
  }

  Text decode(RawRecord record) {
    Origin origin = record.origin();
    long cut = record.oversizeLength();
    if (cut >= 0 || record.length() > maxBytes) {
      long size = cut >= 0 ? cut : record.length();
      throw new InvalidEventException(
          Reason.OVERSIZE, origin, size + " bytes, more than the maximum " + maxBytes);
    }
    byte[] bytes = record.value();
    int end = bytes.length;
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
      end--;
    }
    Text text = decode(bytes, end, origin);
    if (text.value().isBlank()) {
      throw new InvalidEventException(Reason.EMPTY, origin, "blank record");
    }
    return text;
  }

  private Text decode(byte[] bytes, int end, Origin origin) {
    int i = 0;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new Text(new String(bytes, 0, end, StandardCharsets.ISO_8859_1), false);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, end));
      return new Text(chars.toString(), false);
    } catch (CharacterCodingException e) {
      if (replaceInvalid) {
        return new Text(new String(bytes, 0, end, StandardCharsets.UTF_8), true);
      }
      throw new InvalidEventException(
          Reason.NOT_UTF8, origin, "bytes are not valid UTF-8 (first non-ASCII byte at " + i + ")");
    }
  }
}
