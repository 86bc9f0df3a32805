package io.varanus.engine.retrain;

import io.varanus.connectors.LogEvent;
import io.varanus.engine.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Confirmed false positives that retraining should learn as normal even when the current model
 * grades them high. One rule per line; a rule is one or more conditions separated by whitespace,
 * all of which must hold: {@code field=value} (the event's field equals the value) or {@code
 * field~regex} (the regex is found in the field). {@code #} starts a comment.
 *
 * <pre>
 * # the nightly backup job
 * user=backup src_ip=10.0.4.17
 * # health checks from any build agent
 * path=/healthz user_agent~^kube-probe/
 * </pre>
 */
public final class AllowList {

  private record Condition(String field, String equals, Pattern regex) {
    boolean holds(LogEvent e) {
      String v = e.string(field);
      if (v == null) {
        return false;
      }
      return regex == null ? v.equals(equals) : regex.matcher(v).find();
    }
  }

  private final String source;
  private final List<List<Condition>> rules;

  private AllowList(String source, List<List<Condition>> rules) {
    this.source = source;
    this.rules = List.copyOf(rules);
  }

  /** A list that allows nothing. */
  public static AllowList none() {
    return new AllowList(null, List.of());
  }

  /** Reads and checks a rule file; a bad line is an error naming the file, line and rule. */
  public static AllowList load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Allow-list " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("Cannot read allow-list " + file + ": " + e.getMessage(), e);
    }
    List<List<Condition>> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (text.isEmpty()) {
        continue;
      }
      List<Condition> rule = new ArrayList<>();
      for (String term : text.split("\\s+")) {
        rule.add(condition(term, file, i + 1));
      }
      rules.add(rule);
    }
    return new AllowList(file.toString(), rules);
  }

  private static Condition condition(String term, Path file, int line) {
    int eq = term.indexOf('=');
    int re = term.indexOf('~');
    boolean isRegex = re > 0 && (eq < 0 || re < eq);
    int at = isRegex ? re : eq;
    if (at <= 0) {
      throw new ConfigException(
          file
              + ":"
              + line
              + ": invalid allow-list condition '"
              + term
              + "': expected field=value or field~regex");
    }
    String field = term.substring(0, at);
    String value = term.substring(at + 1);
    if (!isRegex) {
      return new Condition(field, value, null);
    }
    try {
      return new Condition(field, null, Pattern.compile(value));
    } catch (PatternSyntaxException e) {
      throw new ConfigException(
          file
              + ":"
              + line
              + ": invalid regular expression in '"
              + term
              + "': "
              + e.getDescription());
    }
  }

  /** True when some rule's conditions all hold for the event. */
  public boolean allows(LogEvent e) {
    for (List<Condition> rule : rules) {
      if (rule.stream().allMatch(c -> c.holds(e))) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    return rules.size();
  }

  /** The file the rules came from, or null. */
  public String source() {
    return source;
  }
}
