package io.varanus.connectors.feature;

import io.varanus.connectors.feature.internal.LogMasker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain (He et al., ICWS 2017): groups log lines into templates with a fixed-depth parse tree.
 * Lines are masked ({@link LogMasker}), routed by token count and then by their first {@code depth
 * - 3} tokens (tokens with digits share the wildcard child; a node holds at most {@code
 * max-children} children), and joined to the most similar template in the leaf when the share of
 * equal tokens reaches the similarity threshold; differing positions become {@value #WILDCARD}. Not
 * thread-safe.
 */
public final class TemplateMiner {

  /** The wildcard token of templates and of the parse tree. */
  public static final String WILDCARD = "<*>";

  private final int routeTokens;
  private final double similarity;
  private final int maxChildren;
  private final int maxTemplates;
  private final LogMasker masker = new LogMasker();
  private final Node root = new Node();
  private final List<Cluster> clusters = new ArrayList<>();

  public TemplateMiner(int depth, double similarity, int maxChildren, int maxTemplates) {
    if (depth < 3 || !(similarity > 0 && similarity <= 1) || maxChildren < 1 || maxTemplates < 1) {
      throw new IllegalArgumentException(
          "Expected depth >= 3, similarity in (0, 1], max-children >= 1, max-templates >= 1;"
              + " found "
              + depth
              + ", "
              + similarity
              + ", "
              + maxChildren
              + ", "
              + maxTemplates);
    }
    this.routeTokens = depth - 3;
    this.similarity = similarity;
    this.maxChildren = maxChildren;
    this.maxTemplates = maxTemplates;
  }

  /** A miner with the settings of {@code spec}. */
  public static TemplateMiner of(TextFeatureSpec spec) {
    return new TemplateMiner(
        spec.depth(), spec.similarity(), spec.maxChildren(), spec.maxTemplates());
  }

  /** A miner holding {@code templates} exactly as they were mined (same tree, same matches). */
  public static TemplateMiner restore(TextFeatureSpec spec, List<LogTemplate> templates) {
    TemplateMiner miner = of(spec);
    for (LogTemplate t : templates) {
      if (t.id() != miner.clusters.size() + 1) {
        throw new IllegalArgumentException(
            "Template ids must be 1..n in order; expected "
                + (miner.clusters.size() + 1)
                + ", found "
                + t.id());
      }
      Cluster c = new Cluster(t.id(), t.route(), t.tokens().toArray(new String[0]), t.count());
      miner.leaf(t.tokens().size(), t.route()).clusters.add(c);
      miner.clusters.add(c);
    }
    return miner;
  }

  /** The masked tokens of a line, as the miner sees them. */
  public String[] tokenize(String line) {
    return masker.tokens(line);
  }

  /** Learns {@code line}; returns its template, or null when the template limit is reached. */
  public LogTemplate add(String line) {
    Cluster c = learn(masker.tokens(line));
    return c == null ? null : c.snapshot();
  }

  /** Learns already tokenized {@code tokens} (see {@link #tokenize}). */
  public void learnTokens(String[] tokens) {
    learn(tokens);
  }

  /** The template {@code line} matches without learning, or null when none does. */
  public LogTemplate match(String line) {
    Cluster c = find(masker.tokens(line));
    return c == null ? null : c.snapshot();
  }

  /** The text of the template matched by {@code tokens}, or null; does not learn. */
  public String matchText(String[] tokens) {
    Cluster c = find(tokens);
    return c == null ? null : c.text();
  }

  /** All templates in order of creation. */
  public List<LogTemplate> templates() {
    return clusters.stream().map(Cluster::snapshot).toList();
  }

  private Cluster learn(String[] tokens) {
    Cluster c = find(tokens);
    if (c != null) {
      c.merge(tokens);
      return c;
    }
    if (clusters.size() >= maxTemplates) {
      return null;
    }
    List<String> route = route(tokens);
    c = new Cluster(clusters.size() + 1, route, tokens.clone(), 1);
    leaf(tokens.length, route).clusters.add(c);
    clusters.add(c);
    return c;
  }

  private Cluster find(String[] tokens) {
    Node node = root.children.get(Integer.toString(tokens.length));
    for (int i = 0; node != null && i < Math.min(routeTokens, tokens.length); i++) {
      Node next = node.children.get(tokens[i]);
      node = next != null ? next : node.children.get(WILDCARD);
    }
    return node == null ? null : bestMatch(node.clusters, tokens);
  }

  private Cluster bestMatch(List<Cluster> candidates, String[] tokens) {
    Cluster best = null;
    double bestSim = -1;
    int bestParams = -1;
    for (Cluster c : candidates) {
      int equal = 0;
      int params = 0;
      for (int i = 0; i < tokens.length; i++) {
        if (c.tokens[i].equals(WILDCARD)) {
          params++;
        } else if (c.tokens[i].equals(tokens[i])) {
          equal++;
        }
      }
      double sim = tokens.length == 0 ? 1.0 : (double) equal / tokens.length;
      if (sim > bestSim || (sim == bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return bestSim >= similarity ? best : null;
  }

  /** The node keys a new line with {@code tokens} is stored under, applying max-children. */
  private List<String> route(String[] tokens) {
    List<String> keys = new ArrayList<>();
    Node node = root.children.get(Integer.toString(tokens.length));
    for (int i = 0; i < Math.min(routeTokens, tokens.length); i++) {
      String t = tokens[i];
      String key;
      if (node != null && node.children.containsKey(t)) {
        key = t;
      } else if (hasDigit(t)) {
        key = WILDCARD;
      } else {
        int size = node == null ? 0 : node.children.size();
        boolean hasWildcard = node != null && node.children.containsKey(WILDCARD);
        key = size + (hasWildcard ? 0 : 1) < maxChildren ? t : WILDCARD;
      }
      keys.add(key);
      node = node == null ? null : node.children.get(key);
    }
    return keys;
  }

  private Node leaf(int length, List<String> route) {
    Node node = root.children.computeIfAbsent(Integer.toString(length), k -> new Node());
    for (String key : route) {
      node = node.children.computeIfAbsent(key, k -> new Node());
    }
    return node;
  }

  private static boolean hasDigit(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isDigit(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    final List<Cluster> clusters = new ArrayList<>();
  }

  private static final class Cluster {
    final int id;
    final List<String> route;
    final String[] tokens;
    long count;
    String text;

    Cluster(int id, List<String> route, String[] tokens, long count) {
      this.id = id;
      this.route = List.copyOf(route);
      this.tokens = tokens;
      this.count = count;
    }

    void merge(String[] line) {
      count++;
      for (int i = 0; i < tokens.length; i++) {
        if (!tokens[i].equals(line[i]) && !tokens[i].equals(WILDCARD)) {
          tokens[i] = WILDCARD;
          text = null;
        }
      }
    }

    String text() {
      if (text == null) {
        text = String.join(" ", tokens);
      }
      return text;
    }

    LogTemplate snapshot() {
      return new LogTemplate(id, route, Arrays.asList(tokens), count);
    }
  }
}
