package io.varanus.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.varanus.models.calibration.Calibration;
import io.varanus.models.vae.InputLayout;
import io.varanus.models.vae.Score;
import io.varanus.models.vae.SurpriseBound;
import io.varanus.models.vae.VaeConfig;
import io.varanus.models.vae.VaeModel;
import io.varanus.models.vae.VaeWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeModelFilesTest {

  static final InputLayout LAYOUT =
      InputLayout.of(
          new InputLayout.Continuous("bytes"),
          new InputLayout.Categorical("proto", 3),
          new InputLayout.Continuous("duration"));
  static final VaeConfig CONFIG = VaeConfig.defaults().withHidden(List.of(4), 2);

  @TempDir Path dir;

  static VaeModel model() {
    double[] normal = new double[50];
    for (int i = 0; i < normal.length; i++) {
      normal[i] = i * 0.1;
    }
    return new VaeModel(LAYOUT, CONFIG, VaeWeights.initial(LAYOUT, CONFIG, 5), null)
        .withCalibration(Calibration.fit(normal, 0.05));
  }

  static float[][] rows() {
    return new float[][] {{0.5f, 0, 1, 0, -1f}, {3f, 1, 0, 0, 0.2f}, {-2f, 0, 0, 1, 9f}};
  }

  @Test
  void saveThenLoadGivesIdenticalModelAndScores() {
    VaeModel m = model();
    VaeModelFiles.save(m, dir);
    VaeModel loaded = VaeModelFiles.load(dir);
    assertThat(loaded).isEqualTo(m);
    Score[] before = m.scorer().score(rows());
    Score[] after = loaded.scorer().score(rows());
    assertThat(after).containsExactly(before);
    assertThat(after[0].grade()).isBetween(0.0, 100.0);
  }

  @Test
  void surpriseBoundSurvivesSaveAndLoad() throws IOException {
    SurpriseBound bound = new SurpriseBound(6, new double[] {0.5, 2, 1.5}, 3);
    VaeModel m = model().withBound(bound);
    VaeModelFiles.save(m, dir);
    VaeModel loaded = VaeModelFiles.load(dir);
    assertThat(loaded.bound()).isEqualTo(bound);
    assertThat(loaded.scorer().score(rows())).containsExactly(m.scorer().score(rows()));
    Path json = dir.resolve(VaeModelFiles.MODEL_FILE);
    Files.writeString(json, Files.readString(json).replace("\"knee\" : 6.0", "\"knee\" : -1"));
    assertThatThrownBy(() -> VaeModelFiles.load(dir))
        .hasMessageContaining("surpriseBound.knee")
        .hasMessageContaining("expected a number > 0");
  }

  @Test
  void modelWithoutABoundLoadsUnbounded() {
    VaeModelFiles.save(model(), dir);
    assertThat(VaeModelFiles.load(dir).bound()).isEqualTo(SurpriseBound.NONE);
  }

  @Test
  void rejectsAnotherFormatVersion() throws IOException {
    VaeModelFiles.save(model(), dir);
    Path json = dir.resolve(VaeModelFiles.MODEL_FILE);
    Files.writeString(
        json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    assertThatThrownBy(() -> VaeModelFiles.load(dir))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("vae.json")
        .hasMessageContaining("formatVersion 2 is not supported; this Varanus reads version 1");
  }

  @Test
  void rejectsTruncatedWeights() throws IOException {
    VaeModelFiles.save(model(), dir);
    Path w = dir.resolve(VaeModelFiles.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(w);
    Files.write(w, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> VaeModelFiles.load(dir))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("vae-weights.bin")
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsTruncatedModelFile() throws IOException {
    VaeModelFiles.save(model(), dir);
    Path json = dir.resolve(VaeModelFiles.MODEL_FILE);
    String s = Files.readString(json);
    Files.writeString(json, s.substring(0, s.length() / 2));
    assertThatThrownBy(() -> VaeModelFiles.load(dir))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("vae.json: not valid JSON");
  }

  @Test
  void rejectsALayoutThatDoesNotMatchTheWeights() throws IOException {
    VaeModelFiles.save(model(), dir);
    Path json = dir.resolve(VaeModelFiles.MODEL_FILE);
    Files.writeString(json, Files.readString(json).replace("\"size\" : 3", "\"size\" : 4"));
    assertThatThrownBy(() -> VaeModelFiles.load(dir))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("does not match the layout")
        .hasMessageContaining("layer 0 expected 6x4, found 5x4");
  }

  @Test
  void rejectsAMissingDirectory() {
    assertThatThrownBy(() -> VaeModelFiles.load(dir.resolve("nope")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no such file");
  }

  /**
   * A model saved in format version 1 and committed: it must keep loading, and score a fixed row
   * exactly as recorded when it was written. Regenerate only when the format version changes.
   */
  @Test
  void goldenVersionOneModelLoadsAndScoresAsRecorded() throws Exception {
    Path golden = Path.of(getClass().getResource("/golden/v1").toURI());
    VaeModel m = VaeModelFiles.load(golden);
    assertThat(m.layout()).isEqualTo(LAYOUT);
    // written when the default model.max-epochs was 100; the file keeps the config it was saved
    // with
    assertThat(m.config())
        .isEqualTo(
            CONFIG.withTraining(
                CONFIG.batchSize(), 100, CONFIG.patience(), CONFIG.klWarmupEpochs()));
    double recorded =
        Double.parseDouble(Files.readString(golden.resolve("expected-score.txt")).trim());
    // Within 1e-6: the file format is under test here, not the last bits of the arithmetic.
    assertThat(m.scorer().score(rows()[1]).value())
        .isCloseTo(recorded, org.assertj.core.data.Percentage.withPercentage(1e-4));
  }
}
