package io.varanus.engine.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The replay store's file: gzip-compressed JSON lines, one {@link ReplayEvent} per line. */
final class ReplayFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayFiles() {}

  /** The file's bytes: the header records first, then the events. */
  static byte[] bytes(List<ReplayEvent> headers, List<ReplayEvent> events) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(buf), StandardCharsets.UTF_8)) {
      for (ReplayEvent e :
          (Iterable<ReplayEvent>)
              java.util.stream.Stream.concat(headers.stream(), events.stream())::iterator) {
        out.write(JSON.writeValueAsString(e));
        out.write('\n');
      }
    }
    return buf.toByteArray();
  }

  static List<ReplayEvent> read(byte[] bytes, Path file) throws IOException {
    List<ReplayEvent> events = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        try {
          events.add(JSON.readValue(line, ReplayEvent.class));
        } catch (JsonProcessingException e) {
          throw new BundleException(
              file
                  + ": line "
                  + n
                  + " is not a replay event (source, partition, offset, raw or rawBase64,"
                  + " windows, generation): "
                  + e.getOriginalMessage(),
              e);
        }
      }
    }
    return events;
  }
}
