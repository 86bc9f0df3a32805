package io.varanus.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.connectors.Origin;
import io.varanus.connectors.parse.InvalidEventException;
import io.varanus.connectors.parse.LogFormats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventSourceTest {

  @TempDir Path dir;

  private static List<RawRecord> drain(FileEventSource source) {
    List<RawRecord> all = new ArrayList<>();
    while (!source.isFinished()) {
      all.addAll(source.poll(Duration.ZERO));
    }
    source.close();
    return all;
  }

  private static String text(RawRecord r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  private FileEventSource source(List<String> paths, int max, int batch, java.io.InputStream in) {
    return new FileEventSource(paths, max, batch, in);
  }

  @Test
  void plainAndGzipFilesInOrderWithLineOrigins() throws IOException {
    Path plain = Files.writeString(dir.resolve("a.log"), "one\r\ntwo\n\nlast-without-newline");
    Path gz = dir.resolve("b.txt"); // gzip detected by content, not name
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("g1\ng2\n".getBytes(StandardCharsets.UTF_8));
    }
    List<RawRecord> records =
        drain(source(List.of(plain.toString(), gz.toString()), 1024, 2, emptyStdin()));
    assertThat(records)
        .extracting(FileEventSourceTest::text)
        .containsExactly("one", "two", "", "last-without-newline", "g1", "g2");
    assertThat(records.get(1).origin()).isEqualTo(Origin.file(plain.toString(), 2));
    assertThat(records.get(5).origin()).isEqualTo(Origin.file(gz.toString(), 2));
    assertThat(records.get(0).timestamp()).isNull();
  }

  @Test
  void batchSizeBoundsEachPoll() throws IOException {
    Path f = Files.writeString(dir.resolve("n.log"), "1\n2\n3\n4\n5\n");
    FileEventSource s = source(List.of(f.toString()), 1024, 2, emptyStdin());
    assertThat(s.poll(Duration.ZERO)).hasSize(2);
    assertThat(s.poll(Duration.ZERO)).hasSize(2);
    assertThat(s.poll(Duration.ZERO)).hasSize(1);
    assertThat(s.isFinished()).isTrue();
    s.close();
  }

  @Test
  void globsExpandSorted() throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("logs/b.log"), "b\n");
    Files.writeString(dir.resolve("logs/a.log"), "a\n");
    Files.writeString(dir.resolve("logs/c.txt"), "c\n");
    List<RawRecord> r = drain(source(List.of(dir + "/logs/*.log"), 1024, 10, emptyStdin()));
    assertThat(r).extracting(FileEventSourceTest::text).containsExactly("a", "b");
  }

  @Test
  void stdinIsDash() {
    var in = new ByteArrayInputStream("x\ny\n".getBytes(StandardCharsets.UTF_8));
    List<RawRecord> r = drain(source(List.of("-"), 1024, 10, in));
    assertThat(r)
        .extracting(RawRecord::origin)
        .containsExactly(Origin.file("-", 1), Origin.file("-", 2));
  }

  @Test
  void oversizeLinesAreCutFlaggedAndRejectedByFormats() throws IOException {
    Path f = dir.resolve("big.log");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("ok\n".getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 80; i++) { // 5 MiB on one line
        out.write(chunk);
      }
      out.write("\nafter\n".getBytes(StandardCharsets.UTF_8));
    }
    List<RawRecord> r = drain(source(List.of(f.toString()), 1000, 10, emptyStdin()));
    assertThat(r).hasSize(3);
    assertThat(r.get(1).length()).isEqualTo(1000);
    assertThat(r.get(1).oversizeLength()).isEqualTo(80L << 16);
    assertThat(text(r.get(2))).isEqualTo("after");
    assertThatThrownBy(() -> LogFormats.create("text", Map.of()).parse(r.get(1)))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidEventException.Reason.OVERSIZE));
  }

  @Test
  void missingFilesAndEmptyGlobsAreConfigErrors() {
    assertThatThrownBy(() -> new FileEventSource(List.of(dir + "/nope.log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> new FileEventSource(List.of(dir + "/*.nothing")))
        .hasMessageContaining("no file matches");
  }

  @Test
  void corruptGzipIsAnIoError() throws IOException {
    Path f = dir.resolve("bad.gz");
    Files.write(f, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    FileEventSource s = source(List.of(f.toString()), 1024, 10, emptyStdin());
    assertThatThrownBy(() -> s.poll(Duration.ZERO)).isInstanceOf(UncheckedIOException.class);
    s.close();
  }

  @Test
  void aTruncatedGzipGivesItsLinesFirstThenTheError() throws IOException {
    StringBuilder text = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append(' ').append(random.nextLong()).append('\n');
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    Path cut = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    FileEventSource s = source(List.of(cut.toString()), 1024, 100_000, emptyStdin());

    List<RawRecord> first = s.poll(Duration.ZERO);

    assertThat(first).hasSizeGreaterThan(1000).hasSizeLessThan(20_000);
    for (int i = 0; i < first.size() - 1; i++) {
      assertThat(text(first.get(i))).startsWith("line " + i + " ");
    }
    assertThat(s.isFinished()).isFalse();
    assertThatThrownBy(() -> s.poll(Duration.ZERO))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cut.gz")
        .hasMessageContaining("ends early");
    assertThat(s.isFinished()).isTrue();
    s.close();
  }

  private static java.io.InputStream emptyStdin() {
    return new ByteArrayInputStream(new byte[0]);
  }
}
