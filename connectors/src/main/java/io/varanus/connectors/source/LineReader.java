package io.varanus.connectors.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) without decoding them. Memory is
 * bounded: a line longer than the maximum keeps only its first bytes, and {@link #length()} tells
 * the full length so the caller can flag it.
 */
final class LineReader implements Closeable {

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private int lineBytes;
  private long length;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** Reads the next line; false at the end of the stream. */
  boolean next() throws IOException {
    lineBytes = 0;
    length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return any;
        }
      }
      any = true;
      int nl = indexOfNewline();
      int end = nl < 0 ? limit : nl;
      append(pos, end);
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        break;
      }
    }
    if (lineBytes > 0 && lineBytes == length && line[lineBytes - 1] == '\r') {
      lineBytes--;
      length--;
    }
    return true;
  }

  private int indexOfNewline() {
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int to) {
    int n = to - from;
    length += n;
    int keep = Math.min(n, maxBytes - lineBytes);
    if (keep <= 0) {
      return;
    }
    if (lineBytes + keep > line.length) {
      line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(lineBytes + keep, line.length * 2)));
    }
    System.arraycopy(buf, from, line, lineBytes, keep);
    lineBytes += keep;
  }

  /** The current line's bytes, cut at the maximum. */
  byte[] bytes() {
    return Arrays.copyOf(line, lineBytes);
  }

  /** The current line's full length in bytes, without the line end. */
  long length() {
    return length;
  }

  boolean oversize() {
    return length > maxBytes;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
