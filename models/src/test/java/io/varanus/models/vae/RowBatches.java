package io.varanus.models.vae;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One epoch of shuffled minibatches for SameDiff's fit: features are the rows, the
 * reparameterization noise and the KL weight; there are no labels. Shuffling and noise come from
 * the given generator, so epochs are reproducible.
 */
final class RowBatches implements MultiDataSetIterator {

  private static final long serialVersionUID = 1L;

  /** The KL weight for a step of an epoch. */
  @FunctionalInterface
  public interface KlSchedule {
    double weight(int epoch, int step, int stepsPerEpoch);
  }

  private final float[][] rows;
  private final int batchSize;
  private final int latent;
  private final transient SplittableRandom rnd;
  private final transient KlSchedule schedule;
  private int[] order;
  private int cursor;
  private int epoch;
  private int step;
  private int stepsPerEpoch;

  public RowBatches(
      float[][] rows, int batchSize, int latent, SplittableRandom rnd, KlSchedule schedule) {
    this.rows = rows;
    this.batchSize = batchSize;
    this.latent = latent;
    this.rnd = rnd;
    this.schedule = schedule;
  }

  /** Reshuffles for a new epoch. */
  public void startEpoch(int epochIndex, int steps) {
    this.epoch = epochIndex;
    this.stepsPerEpoch = steps;
    this.step = 0;
    this.cursor = 0;
    order = new int[rows.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  @Override
  public boolean hasNext() {
    return order != null && cursor < rows.length;
  }

  @Override
  public MultiDataSet next() {
    return next(batchSize);
  }

  @Override
  public MultiDataSet next(int num) {
    int n = Math.min(num, rows.length - cursor);
    float[][] batch = new float[n][];
    for (int i = 0; i < n; i++) {
      batch[i] = rows[order[cursor + i]];
    }
    cursor += n;
    INDArray x = Nd4j.create(batch);
    INDArray eps = Nd4j.create(NoiseTable.standardNormal(n, latent, rnd.nextLong()));
    INDArray beta = Nd4j.scalar((float) schedule.weight(epoch, step, stepsPerEpoch));
    step++;
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x, eps, beta}, new INDArray[0]);
  }

  @Override
  public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
    throw new UnsupportedOperationException("RowBatches takes no pre-processor");
  }

  @Override
  public MultiDataSetPreProcessor getPreProcessor() {
    return null;
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  @Override
  public boolean asyncSupported() {
    return false;
  }

  @Override
  public void reset() {
    cursor = 0;
  }
}
