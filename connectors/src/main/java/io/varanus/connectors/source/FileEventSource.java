package io.varanus.connectors.source;

import io.varanus.connectors.Origin;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads lines from files, one after another, and from stdin ({@code -}). Paths may be globs ({@code
 * logs/*.log.gz}); gzip files are recognised by their magic bytes, not their name. Files are
 * streamed, never loaded whole. Each line becomes a record with origin {@code (path, -1, line
 * number)}; a line longer than the maximum keeps its first bytes and is flagged with {@link
 * RawRecord#OVERSIZE_HEADER}, so formats reject it instead of the source running out of memory.
 */
public final class FileEventSource implements EventSource {

  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
  public static final int DEFAULT_BATCH_SIZE = 1024;

  private final Deque<String> pending;
  private final int maxLineBytes;
  private final int batchSize;
  private final InputStream stdin;
  private LineReader reader;
  private String current;
  private long lineNumber;
  private boolean finished;
  private UncheckedIOException failure;

  /** Reads the given paths, globs or {@code -} with the default limits and {@code System.in}. */
  public FileEventSource(List<String> paths) {
    this(paths, DEFAULT_MAX_LINE_BYTES, DEFAULT_BATCH_SIZE, System.in);
  }

  /**
   * @param paths files, globs or {@code -} for stdin, read in this order (glob matches sorted)
   * @param maxLineBytes lines longer than this are cut and flagged as oversize
   * @param batchSize the most records one poll returns
   * @param stdin what {@code -} reads
   * @throws IllegalArgumentException when a path or glob matches no file
   */
  public FileEventSource(List<String> paths, int maxLineBytes, int batchSize, InputStream stdin) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException(
          "Invalid value " + maxLineBytes + " for max line bytes: must be >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "Invalid value " + batchSize + " for batch size: must be >= 1");
    }
    this.pending = new ArrayDeque<>(Globs.expand(paths));
    this.maxLineBytes = maxLineBytes;
    this.batchSize = batchSize;
    this.stdin = Objects.requireNonNull(stdin, "stdin");
  }

  /**
   * Up to the batch size of lines. Files never wait, so the timeout is ignored; reading stdin
   * blocks until a line arrives or it ends. When a file cannot be read on (a truncated or corrupt
   * gzip stream, an I/O error), the lines read before it are returned first and the next poll
   * throws, so a caller can keep them.
   *
   * @throws UncheckedIOException when a file cannot be read (including a corrupt gzip stream)
   */
  @Override
  public List<RawRecord> poll(Duration timeout) {
    if (failure != null) {
      UncheckedIOException f = failure;
      failure = null;
      finished = true;
      throw f;
    }
    List<RawRecord> batch = new ArrayList<>(Math.min(batchSize, 1024));
    try {
      while (batch.size() < batchSize && advance()) {
        batch.add(record());
      }
    } catch (IOException e) {
      UncheckedIOException f = readFailure(e);
      if (batch.isEmpty()) {
        finished = true;
        throw f;
      }
      failure = f;
    }
    return batch;
  }

  private UncheckedIOException readFailure(IOException e) {
    String why =
        e instanceof EOFException
            ? "the file ends early (a truncated or partly written gzip file?)"
            : e.getMessage();
    return new UncheckedIOException(
        "Cannot read " + current + " after line " + lineNumber + ": " + why, e);
  }

  /** Moves to the next line, opening the next file as needed; false when all are read. */
  private boolean advance() throws IOException {
    while (!finished) {
      if (reader == null && !openNext()) {
        finished = true;
        return false;
      }
      if (reader.next()) {
        lineNumber++;
        return true;
      }
      closeReader();
    }
    return false;
  }

  private boolean openNext() throws IOException {
    String path = pending.poll();
    if (path == null) {
      return false;
    }
    current = path;
    lineNumber = 0;
    InputStream raw = path.equals("-") ? stdin : Files.newInputStream(Path.of(path));
    reader = new LineReader(decompressed(raw), maxLineBytes);
    return true;
  }

  /** The stream itself, or its gzip decoding when it starts with the gzip magic bytes. */
  static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  private RawRecord record() {
    Origin origin = Origin.file(current, lineNumber);
    if (!reader.oversize()) {
      return RawRecord.of(origin, reader.bytes());
    }
    byte[] length = Long.toString(reader.length()).getBytes(StandardCharsets.US_ASCII);
    return new RawRecord(
        origin, null, reader.bytes(), Map.of(RawRecord.OVERSIZE_HEADER, length), null);
  }

  private void closeReader() throws IOException {
    if (reader != null) {
      LineReader r = reader;
      reader = null;
      if (!current.equals("-")) {
        r.close();
      }
    }
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void close() {
    finished = true;
    pending.clear();
    try {
      closeReader();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + current, e);
    }
  }
}
