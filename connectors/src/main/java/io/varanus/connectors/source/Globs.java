package io.varanus.connectors.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands file arguments: plain paths, globs ({@code *}, {@code ?}, {@code [..]}, {@code {..}}) and
 * {@code -}.
 */
final class Globs {

  private Globs() {}

  static List<String> expand(List<String> args) {
    if (args == null || args.isEmpty()) {
      throw new IllegalArgumentException("Invalid value [] for paths: must name at least one file");
    }
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("-")) {
        out.add(arg);
      } else if (isGlob(arg)) {
        out.addAll(matches(arg));
      } else if (Files.isRegularFile(Path.of(arg))) {
        out.add(arg);
      } else {
        throw new IllegalArgumentException("Invalid value " + arg + " for paths: no such file");
      }
    }
    return out;
  }

  private static boolean isGlob(String s) {
    for (char c : new char[] {'*', '?', '[', '{'}) {
      if (s.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Files matching the glob, sorted; the walk starts at the deepest directory without glob
   * characters.
   */
  private static List<String> matches(String glob) {
    int firstGlob = firstGlobChar(glob);
    int slash = glob.lastIndexOf('/', firstGlob);
    Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : glob.substring(0, slash));
    String pattern = slash < 0 ? "./" + glob : glob;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = glob.contains("**") ? Integer.MAX_VALUE : depth(glob.substring(slash + 1));
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(base)) {
      try (Stream<Path> paths = Files.walk(base, depth)) {
        paths
            .filter(p -> Files.isRegularFile(p) && matcher.matches(p))
            .map(Path::toString)
            .sorted()
            .forEach(p -> found.add(slash < 0 && p.startsWith("./") ? p.substring(2) : p));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + base, e);
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("Invalid value " + glob + " for paths: no file matches");
    }
    return found;
  }

  private static int firstGlobChar(String s) {
    int min = s.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int i = s.indexOf(c);
      if (i >= 0) {
        min = Math.min(min, i);
      }
    }
    return min;
  }

  private static int depth(String rest) {
    return (int) rest.chars().filter(c -> c == '/').count() + 1;
  }
}
