package io.varanus.connectors.feature;

import java.util.List;

/**
 * The fixed layout of every {@link FeatureVector} of one fitted featurizer: blocks in order, each
 * at an offset. Unseen values never change it.
 */
public record FeatureSchema(List<FeatureBlock> blocks) {

  public FeatureSchema {
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("A feature schema needs at least one block, found none");
    }
  }

  /** Total number of columns. */
  public int width() {
    int w = 0;
    for (FeatureBlock b : blocks) {
      w += b.width();
    }
    return w;
  }

  /** The first column of block {@code blockIndex}. */
  public int offsetOf(int blockIndex) {
    if (blockIndex < 0 || blockIndex >= blocks.size()) {
      throw new IndexOutOfBoundsException(
          "Block index " + blockIndex + " out of range [0, " + blocks.size() + ")");
    }
    int off = 0;
    for (int i = 0; i < blockIndex; i++) {
      off += blocks.get(i).width();
    }
    return off;
  }

  /** The index of the block named {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
