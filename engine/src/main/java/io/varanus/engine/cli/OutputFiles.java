package io.varanus.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output files of the commands: their folder is created when missing, or the option is named. */
final class OutputFiles {

  private OutputFiles() {}

  /**
   * Creates the folder {@code file} goes into (nothing for null or a bare file name).
   *
   * @throws OutputFolderException naming the option and the folder when it cannot be created
   */
  static void createParent(Path file, String option) {
    Path parent = file == null ? null : file.toAbsolutePath().getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new OutputFolderException(
          "Cannot create the folder "
              + parent
              + " for "
              + option
              + " "
              + file
              + ": "
              + e.getMessage());
    }
  }

  /** The folder of an output file cannot be created. */
  static final class OutputFolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputFolderException(String message) {
      super(message);
    }
  }
}
