package io.varanus.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.varanus.engine.bundle.ModelBundle;
import io.varanus.engine.bundle.ModelBundles;
import io.varanus.engine.offline.BundleScorer;
import io.varanus.engine.offline.EventReader;
import io.varanus.engine.offline.LabeledEvent;
import io.varanus.engine.offline.ReadStats;
import io.varanus.engine.offline.ScoredEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score events with a model bundle: one JSON line per event with its origin, score, grade,"
          + " threshold, whether it is anomalous and the top contributions.",
      "Unparseable lines are counted and reported on stderr, not fatal."
    })
final class ScoreCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", required = true, description = "Model bundle directory.")
  Path model;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      description = "Log files (.gz, globs, -).")
  List<String> inputs;

  @Option(names = "--output", description = "Write JSON lines here instead of stdout.")
  Path output;

  @Option(names = "--only-anomalous", description = "Write only events above the threshold.")
  boolean onlyAnomalous;

  @Override
  public Integer call() throws IOException {
    ModelBundle bundle = ModelBundles.load(model);
    BundleScorer scorer = new BundleScorer(bundle, Clock.systemUTC(), null, 3);
    long[] counts = new long[2];
    OutputFiles.createParent(output, "--output");
    try (Writer out =
        output == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      List<LabeledEvent> batch = new ArrayList<>();
      EventReader reader = new EventReader(bundle.input(), inputs, null, null);
      ReadStats stats;
      try {
        stats =
            reader.forEach(
                e -> {
                  batch.add(e);
                  if (batch.size() == 1024) {
                    write(scorer.score(batch), out, bundle, scorer.threshold(), counts);
                    batch.clear();
                  }
                });
      } catch (UncheckedIOException e) {
        // a truncated .gz or an unreadable file: keep what was read, then fail
        write(scorer.score(batch), out, bundle, scorer.threshold(), counts);
        out.flush();
        System.err.printf(
            "error: input ended early, %d events read before it were scored and written: %s%n",
            counts[0], e.getMessage());
        return VaranusCli.FAILURE;
      }
      write(scorer.score(batch), out, bundle, scorer.threshold(), counts);
      out.flush();
      System.err.printf(
          "scored %d events, %d anomalous (threshold %.4f, model %s); %d invalid records%n",
          counts[0], counts[1], scorer.threshold(), bundle.version(), stats.invalid());
      if (stats.invalid() > 0) {
        System.err.print(stats.describeInvalid());
      }
      stats.notes().forEach(note -> System.err.println("note: " + note));
    }
    return VaranusCli.OK;
  }

  private void write(
      List<ScoredEvent> scored, Writer out, ModelBundle bundle, double threshold, long[] counts) {
    try {
      for (ScoredEvent s : scored) {
        counts[0]++;
        counts[1] += s.anomalous() ? 1 : 0;
        if (onlyAnomalous && !s.anomalous()) {
          continue;
        }
        out.write(JSON.writeValueAsString(toJson(s, bundle, threshold)));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> toJson(ScoredEvent s, ModelBundle bundle, double threshold) {
    Map<String, Object> m = new LinkedHashMap<>();
    var o = s.source().event().origin();
    Map<String, Object> origin = new LinkedHashMap<>();
    origin.put("source", o.source());
    if (o.isKafka()) {
      origin.put("partition", o.partition());
    }
    origin.put(o.isKafka() ? "offset" : "line", o.offset());
    m.put("origin", origin);
    if (s.source().event().timestamp() != null) {
      m.put("@timestamp", s.source().event().timestamp().toString());
    }
    m.put("score", BundleScorer.round(s.score().value()));
    m.put("grade", BundleScorer.round(s.score().grade()));
    m.put("threshold", BundleScorer.round(threshold));
    m.put("anomalous", s.anomalous());
    m.put("model_version", bundle.version());
    m.put("contributions", s.contributions());
    return m;
  }
}
