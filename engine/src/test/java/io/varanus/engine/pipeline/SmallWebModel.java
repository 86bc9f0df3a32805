package io.varanus.engine.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.varanus.connectors.generate.GeneratorConfig;
import io.varanus.connectors.generate.LabeledLogWriter;
import io.varanus.connectors.generate.LogStream;
import io.varanus.engine.config.EngineConfig;
import io.varanus.engine.offline.TrainJob;
import io.varanus.models.vae.TrainingListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * A web model trained in seconds for unit tests that need a real bundle without a broker: the
 * example web config with a few epochs and no labels section, trained on generated normal events.
 *
 * @param config the config it was trained with (written as {@code web.yml})
 * @param bundle the bundle directory
 */
record SmallWebModel(EngineConfig config, Path bundle) {

  /**
   * Trains on {@code events} normal web events (generator seed 5) for at most {@code maxEpochs}
   * epochs, in {@code dir}; {@code edit} may change the config's root before it is written.
   */
  static SmallWebModel train(Path dir, int events, int maxEpochs, Consumer<ObjectNode> edit)
      throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode root;
    try (InputStream in = SmallWebModel.class.getResourceAsStream("/examples/web.yml")) {
      root = (ObjectNode) yaml.readTree(in);
    }
    root.withObject("/model").put("max-epochs", maxEpochs);
    root.remove("labels");
    edit.accept(root);
    Path file = dir.resolve("web.yml");
    yaml.writeValue(file.toFile(), root);
    EngineConfig config = EngineConfig.load(file);
    Path train = dir.resolve("train.log");
    LabeledLogWriter.write(GeneratorConfig.of(LogStream.WEB, events, 0.0, 5), train);
    Path bundle = dir.resolve("bundle");
    new TrainJob(
            config,
            Clock.systemUTC(),
            TrainingListener.none(),
            new PrintStream(OutputStream.nullOutputStream()))
        .run(new TrainJob.Request(List.of(train.toString()), null, null, 0, bundle));
    return new SmallWebModel(config, bundle);
  }
}
