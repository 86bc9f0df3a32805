package io.varanus.engine.eval;

import com.amazon.randomcutforest.RandomCutForest;

/**
 * Random Cut Forest (randomcutforest-core, the algorithm behind OpenSearch Anomaly Detection) as a
 * baseline: trained on the featurized normal rows by streaming them through {@code update}, then
 * frozen and used to score.
 */
public final class RandomCutForestBaseline {

  private final RandomCutForest forest;

  private RandomCutForestBaseline(RandomCutForest forest) {
    this.forest = forest;
  }

  public static RandomCutForestBaseline fit(float[][] rows, long seed) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("Random Cut Forest needs at least one row");
    }
    RandomCutForest forest =
        RandomCutForest.builder()
            .dimensions(rows[0].length)
            .numberOfTrees(50)
            .sampleSize(256)
            .randomSeed(seed)
            .outputAfter(1)
            .build();
    for (float[] r : rows) {
      forest.update(r);
    }
    return new RandomCutForestBaseline(forest);
  }

  public double score(float[] x) {
    return forest.getAnomalyScore(x);
  }
}
