package io.varanus.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link VaranusCli#run} in-process with System.out and System.err captured. */
final class Cli {

  /** An exit code with what the command printed. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + tail(out) + "\n--- stderr\n" + tail(err);
    }

    private static String tail(String s) {
      return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
  }

  private Cli() {}

  /** Exit code 2, every fragment on stderr, and no stack trace. */
  static void assertUsageError(Result r, String... named) {
    assertThat(r.exitCode()).as("exit code of %s", r).isEqualTo(VaranusCli.USAGE);
    assertThat(r.err()).as("stderr of %s", r).contains(named);
    assertThat(r.err()).as("no stack trace in %s", r).doesNotContain("\tat ");
  }

  static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = VaranusCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
