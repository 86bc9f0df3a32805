package io.varanus.engine.bench;

import io.varanus.connectors.feature.Featurizer;
import io.varanus.connectors.feature.FeaturizerFitter;
import io.varanus.connectors.feature.FeaturizerState;
import io.varanus.engine.bundle.LayoutAdapter;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.TrafficWindow;
import io.varanus.models.vae.InputLayout;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rows the training benchmark trains on ({@code engine/bench/training.sh}, docs/BENCHMARKS.md):
 * featurizes the normal events of an input as {@code train} does (all of them, no hold-out) and
 * writes the rows ({@code rows.f32}, little-endian float32, row-major) and the layout ({@code
 * layout.txt}, one block per line: {@code c} or {@code k <size>}), which Varanus's {@code
 * TrainingBench} and the PyTorch reference both read.
 *
 * <p>Arguments: config, input, label field, normal value, output directory.
 */
public final class TrainingRows {

  private TrainingRows() {}

  public static void main(String[] args) throws IOException {
    EngineConfig config = EngineConfig.load(Path.of(args[0]));
    List<String> inputs = List.of(args[1]);
    String labelField = args[2];
    String normal = args[3];
    Path out = Path.of(args[4]);
    Files.createDirectories(out);

    Clock clock = Clock.systemUTC();
    FeaturizerFitter fitter = new FeaturizerFitter(config.features(), clock);
    forEachNormal(config, inputs, labelField, normal, e -> fitter.accept(e.event()));
    FeaturizerState state = fitter.finish();
    Featurizer featurizer = Featurizer.create(state, clock);
    List<float[]> rows = new ArrayList<>();
    forEachNormal(
        config, inputs, labelField, normal, e -> rows.add(featurizer.apply(e.event()).values()));
    float[][] data = rows.toArray(float[][]::new);
    InputLayout layout = LayoutAdapter.toLayout(featurizer.schema());
    write(out, layout, data);

    System.out.printf("wrote %d rows of %d columns to %s%n", data.length, layout.width(), out);
  }

  private static void forEachNormal(
      EngineConfig config,
      List<String> inputs,
      String labelField,
      String normal,
      Consumer<LabeledEvent> sink) {
    TrafficWindow.files(inputs)
        .open(config.input(), labelField, null)
        .forEach(
            e -> {
              if (normal.equals(e.label())) {
                sink.accept(e);
              }
            });
  }

  private static void write(Path dir, InputLayout layout, float[][] data) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (InputLayout.Block b : layout.blocks()) {
      sb.append(b instanceof InputLayout.Categorical c ? "k " + c.size() : "c").append('\n');
    }
    Files.writeString(dir.resolve("layout.txt"), sb.toString());
    ByteBuffer buf = ByteBuffer.allocate(layout.width() * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream os = Files.newOutputStream(dir.resolve("rows.f32"));
        DataOutputStream data2 = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
      for (float[] r : data) {
        buf.clear();
        for (float v : r) {
          buf.putFloat(v);
        }
        data2.write(buf.array());
      }
    }
  }
}
