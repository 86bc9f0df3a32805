package io.varanus.models.vae.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * SameDiff prints "Added differentiated op ..." to standard output for every op when it builds the
 * gradient graph. This runs an action with standard output filtered: those lines are dropped,
 * everything else (from any thread) passes through unchanged.
 */
public final class QuietStdout {

  private static final String NOISE = "Added differentiated op";

  private QuietStdout() {}

  public static <T> T call(java.util.function.Supplier<T> action) {
    PrintStream original = System.out;
    synchronized (QuietStdout.class) {
      System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
      try {
        return action.get();
      } finally {
        System.out.flush();
        System.setOut(original);
      }
    }
  }

  /** Buffers a line, forwards it unless it is SameDiff's noise. */
  private static final class LineFilter extends OutputStream {
    private final PrintStream target;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    LineFilter(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        flushLine();
      }
    }

    @Override
    public synchronized void flush() {
      flushLine();
      target.flush();
    }

    private void flushLine() {
      if (line.size() == 0) {
        return;
      }
      String s = line.toString(StandardCharsets.UTF_8);
      if (!s.startsWith(NOISE)) {
        target.print(s);
      }
      line.reset();
    }
  }
}
