package io.varanus.connectors.feature.internal;

import io.varanus.connectors.feature.LogTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How unlike every training template a line is: {@code 1 - max_t J(line, t)}, where {@code J} is
 * the Jaccard similarity of the line's distinct words and the distinct words of the template's
 * constant tokens (wildcards left out). 0 when the line has the word set of a template, 1 when it
 * shares no word with any (or is empty). Unlike Drain's own similarity it compares lines and
 * templates of any length, so a line one token longer than a known template stays close to it.
 *
 * <p>Words, not whole masked tokens: tokens glue words to punctuation and values ({@code
 * exception.......0}, {@code r24=<HEX>}, {@code type=42315,}) in ways the masker cannot undo, and a
 * whole-token comparison counts every such token as new. A word is a run of letters and digits
 * without a digit, so values inside tokens do not count, as Drain's routing treats tokens with
 * digits as variables.
 *
 * <p>An inverted index from word to templates makes the cost proportional to the postings of the
 * line's words, not to the number of templates. Built from the fitted templates only; immutable.
 */
public final class TemplateNovelty {

  private static final int[] NONE = new int[0];

  private final Map<String, int[]> postings;
  private final int[] sizes;

  /** An index over the words of the constant tokens of {@code templates}. */
  public TemplateNovelty(List<LogTemplate> templates) {
    Map<String, List<Integer>> index = new HashMap<>();
    sizes = new int[templates.size()];
    for (int t = 0; t < templates.size(); t++) {
      Set<String> constants = words(templates.get(t).tokens().toArray(new String[0]));
      sizes[t] = constants.size();
      for (String word : constants) {
        index.computeIfAbsent(word, k -> new ArrayList<>()).add(t);
      }
    }
    postings = new HashMap<>();
    index.forEach((k, v) -> postings.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** The novelty in [0, 1] of a line with masked {@code tokens} that matched no template. */
  public double of(String[] tokens) {
    Set<String> distinct = words(tokens);
    if (distinct.isEmpty()) {
      return 1.0;
    }
    int[] shared = new int[sizes.length];
    double best = 0;
    for (String word : distinct) {
      for (int t : postings.getOrDefault(word, NONE)) {
        shared[t]++;
      }
    }
    for (int t = 0; t < sizes.length; t++) {
      if (shared[t] > 0) {
        best = Math.max(best, (double) shared[t] / (distinct.size() + sizes[t] - shared[t]));
      }
    }
    return 1.0 - best;
  }

  /**
   * The distinct words of masked tokens: maximal runs of letters and digits, without the runs that
   * hold a digit ({@code r24}, {@code 0x0ffea4c8}); masks count as words ({@code <NUM>} is {@code
   * NUM}), wildcards as none.
   */
  static Set<String> words(String[] tokens) {
    Set<String> out = new HashSet<>();
    for (String token : tokens) {
      int i = 0;
      int n = token.length();
      while (i < n) {
        while (i < n && !Character.isLetterOrDigit(token.charAt(i))) {
          i++;
        }
        int start = i;
        boolean digit = false;
        while (i < n && Character.isLetterOrDigit(token.charAt(i))) {
          digit |= Character.isDigit(token.charAt(i));
          i++;
        }
        if (i > start && !digit) {
          out.add(token.substring(start, i));
        }
      }
    }
    return out;
  }
}
