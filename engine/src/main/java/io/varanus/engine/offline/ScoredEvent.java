package io.varanus.engine.offline;

import io.varanus.models.vae.Score;
import java.util.List;

/**
 * An event with its feature row, its score, whether it crosses the threshold, and the top
 * contributions.
 */
public record ScoredEvent(
    LabeledEvent source,
    float[] features,
    Score score,
    boolean anomalous,
    List<Contribution> contributions) {}
