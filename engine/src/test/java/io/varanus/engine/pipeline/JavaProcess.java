package io.varanus.engine.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line for a JVM of its own on this test's class path. */
final class JavaProcess {

  private JavaProcess() {}

  static List<String> command(String... jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    return cmd;
  }
}
