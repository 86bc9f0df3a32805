package io.varanus.connectors.feature.internal;

import io.varanus.connectors.LogEvent;
import io.varanus.connectors.feature.TemplateMiner;

/**
 * Mines (while fitting) or matches (when applying) the templates of a text field. Writes the
 * template text (or, for an unseen line, its masked tokens) to the template slot, {@code seen} or
 * {@code unseen} to the flag slot, the token count to a numeric slot and, when it has a novelty
 * slot, the line's {@link TemplateNovelty} (0 for a line that matches a template, and for every
 * training line, which the miner learns).
 */
final class TextExtractor implements Extractor {

  static final String SEEN = "seen";
  static final String UNSEEN = "unseen";

  private final String field;
  private final TemplateMiner miner;
  private final boolean learning;
  private final int templateSlot;
  private final int flagSlot;
  private final int tokensSlot;
  private final TemplateNovelty novelty;
  private final int noveltySlot;

  /**
   * @param novelty the index over the fitted templates, or null when learning or without novelty
   * @param noveltySlot the numeric slot of the novelty, or -1 without novelty
   */
  TextExtractor(
      String field,
      TemplateMiner miner,
      boolean learning,
      int templateSlot,
      int flagSlot,
      int tokensSlot,
      TemplateNovelty novelty,
      int noveltySlot) {
    this.field = field;
    this.miner = miner;
    this.learning = learning;
    this.templateSlot = templateSlot;
    this.flagSlot = flagSlot;
    this.tokensSlot = tokensSlot;
    this.novelty = novelty;
    this.noveltySlot = noveltySlot;
  }

  @Override
  public void extract(LogEvent event, long timeMillis, Scratch s) {
    String line = event.string(field);
    if (line == null) {
      s.str[templateSlot] = null;
      s.str[flagSlot] = SEEN;
      s.num[tokensSlot] = 0;
      setNovelty(s, 0.0);
      return;
    }
    String[] tokens = miner.tokenize(line);
    s.num[tokensSlot] = tokens.length;
    setNovelty(s, 0.0);
    if (learning) {
      miner.learnTokens(tokens);
      s.str[templateSlot] = null;
      s.str[flagSlot] = SEEN;
      return;
    }
    String template = miner.matchText(tokens);
    s.str[flagSlot] = template == null ? UNSEEN : SEEN;
    s.str[templateSlot] = template == null ? String.join(" ", tokens) : template;
    if (template == null && novelty != null) {
      setNovelty(s, novelty.of(tokens));
    }
  }

  private void setNovelty(Scratch s, double value) {
    if (noveltySlot >= 0) {
      s.num[noveltySlot] = value;
    }
  }
}
