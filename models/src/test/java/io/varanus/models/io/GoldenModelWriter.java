package io.varanus.models.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden model of the current format version into the directory given as argument; run
 * by hand only when {@link VaeModelFiles#FORMAT_VERSION} changes.
 */
public final class GoldenModelWriter {

  private GoldenModelWriter() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    VaeModelFiles.save(VaeModelFilesTest.model(), out);
    double score = VaeModelFilesTest.model().scorer().score(VaeModelFilesTest.rows()[1]).value();
    Files.writeString(out.resolve("expected-score.txt"), Double.toString(score));
  }
}
