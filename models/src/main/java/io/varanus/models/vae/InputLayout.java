package io.varanus.models.vae;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the columns of an input row are read by the VAE: an ordered list of blocks, each a single
 * continuous column (Gaussian likelihood) or a one-hot categorical group (softmax likelihood). The
 * row width is the sum of the block widths; block {@code i} starts at {@link #offset(int)}.
 */
public record InputLayout(List<Block> blocks) {

  /** One block of columns. */
  public sealed interface Block permits Continuous, Categorical {
    String name();

    int width();
  }

  /** A continuous column, modelled as a Gaussian with learned per-feature variance. */
  public record Continuous(String name) implements Block {
    public Continuous {
      requireName(name);
    }

    @Override
    public int width() {
      return 1;
    }
  }

  /** A one-hot group of {@code size} columns, modelled by a softmax over the group. */
  public record Categorical(String name, int size) implements Block {
    public Categorical {
      requireName(name);
      if (size < 2) {
        throw new IllegalArgumentException(
            "Invalid size " + size + " for categorical block '" + name + "': must be >= 2");
      }
    }

    @Override
    public int width() {
      return size;
    }
  }

  public InputLayout {
    Objects.requireNonNull(blocks, "blocks");
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("An input layout needs at least one block");
    }
    blocks = List.copyOf(blocks);
  }

  public static InputLayout of(Block... blocks) {
    return new InputLayout(List.of(blocks));
  }

  /** Total number of columns of a row. */
  public int width() {
    int w = 0;
    for (Block b : blocks) {
      w += b.width();
    }
    return w;
  }

  /** The column at which block {@code index} starts. */
  public int offset(int index) {
    int o = 0;
    for (int i = 0; i < index; i++) {
      o += blocks.get(i).width();
    }
    return o;
  }

  /** Column indexes of all continuous blocks, in order. */
  public int[] continuousColumns() {
    List<Integer> cols = new ArrayList<>();
    int o = 0;
    for (Block b : blocks) {
      if (b instanceof Continuous) {
        cols.add(o);
      }
      o += b.width();
    }
    return cols.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Number of continuous blocks. */
  public int continuousCount() {
    return (int) blocks.stream().filter(b -> b instanceof Continuous).count();
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A block needs a non-blank name");
    }
  }
}
