package io.varanus.connectors.parse;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException.Reason;
import io.varanus.connectors.source.RawRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks every format makes before looking at a record's content: size, a source's oversize
 * flag, UTF-8 validity and blankness. Invalid UTF-8 is replaced by default (option {@code
 * invalid-utf8: replace}): bad sequences become U+FFFD, the event gets a note and the count of
 * replaced sequences in {@link #INVALID_UTF8_FIELD}, so the most hostile lines of a log are scored
 * rather than dropped; {@code invalid-utf8: reject} rejects them as {@code NOT_UTF8}.
 */
final class RecordText {

  static final int DEFAULT_MAX_BYTES = 1 << 20;

  /** Field holding how many invalid UTF-8 sequences a record had replaced (absent when none). */
  static final String INVALID_UTF8_FIELD = "log.invalid_utf8";

  /** The decoded text and how many invalid byte sequences were replaced (0: none). */
  record Text(String value, int replaced) {}

  private final int maxBytes;
  private final boolean replaceInvalid;

  RecordText(FormatOptions options) {
    this.maxBytes = options.integer("max-bytes", DEFAULT_MAX_BYTES, 1);
    this.replaceInvalid =
        options.choice("invalid-utf8", "replace", "reject", "replace").equals("replace");
  }

  /** A builder for the event, noting a replacement of invalid UTF-8. */
  static EventBuilder builder(Text text) {
    EventBuilder b = new EventBuilder();
    if (text.replaced() == 0) {
      return b;
    }
    b.put(INVALID_UTF8_FIELD, (long) text.replaced());
    return b.note("invalid UTF-8 replaced");
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
      return new Text(new String(bytes, 0, end, StandardCharsets.ISO_8859_1), 0);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, end));
      return new Text(chars.toString(), 0);
    } catch (CharacterCodingException e) {
      if (replaceInvalid) {
        return replaced(bytes, end);
      }
      throw new InvalidEventException(
          Reason.NOT_UTF8, origin, "bytes are not valid UTF-8 (first non-ASCII byte at " + i + ")");
    }
  }

  /** Decodes with U+FFFD for every malformed sequence and counts the sequences. */
  private static Text replaced(byte[] bytes, int end) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, end);
    CharBuffer out = CharBuffer.allocate(end + 1);
    int bad = 0;
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        bad++;
        out.put('\uFFFD');
        in.position(in.position() + r.length());
      } else {
        break;
      }
    }
    decoder.flush(out);
    out.flip();
    return new Text(out.toString(), bad);
  }
}
