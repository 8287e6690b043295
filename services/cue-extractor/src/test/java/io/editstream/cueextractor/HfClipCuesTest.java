package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.HfClipModel;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.testing.PaintedScene;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FRCE on a Hugging Face CLIP export (models/fixtures/clip-hf): projected patch tokens and CLIP text embeddings as cues. */
class HfClipCuesTest {

    @Test
    void patchAndTextCuesComeFromTheHfClipEncoders() {
        BufferedImage image = PaintedScene.filled(300, 200, new Color(214, 222, 230)).rect(Color.RED, 60, 60, 70, 70).image();
        ModelBundle bundle = ModelBundle.load(Bundles.locate("clip-hf"));
        try (CueExtractor extractor = CueExtractor.load(bundle, Device.CPU, new RegionFinder(RegionFinder.Settings.defaults()),
                PhraseExtractor.withDefaultLexicon(4));
             HfClipModel clip = HfClipModel.load(bundle, Device.CPU)) {
            CueExtractor.Cues cues = extractor.extract(image, "move the red cube to the left of the ball");
            int dim = clip.width();
            assertThat(cues.patchCount()).isEqualTo(49);
            assertThat(cues.cues().shape()).containsExactly((long) 49 + cues.regions().size() + cues.textCues().size(), dim);
            assertThat(cues.textCues()).isNotEmpty();
            float[] data = cues.cues().data();
            assertThat(Arrays.copyOfRange(data, 0, 49 * dim)).containsExactly(clip.encodeImage(image).patchTokens().data());
            int firstText = 49 + cues.regions().size();
            assertThat(Arrays.copyOfRange(data, firstText * dim, (firstText + 1) * dim))
                    .containsExactly(clip.encodeText(cues.textCues().get(0)));
            assertThat(extractor.modelId()).isEqualTo("clip-hf-fixture");
            assertThat(extractor.describe()).contains("49 projected by visual_projection.onnx");
        }
    }

    @Test
    void refusesAnExportWithoutPatchTokens(@TempDir Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Bundles.locate("clip-hf"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("vision_model.onnx")) {
                    Files.copy(f, dir.resolve(f.getFileName().toString()));
                }
            }
        }
        assertThatThrownBy(() -> CueExtractor.load(ModelBundle.load(dir), Device.CPU,
                new RegionFinder(RegionFinder.Settings.defaults()), PhraseExtractor.withDefaultLexicon(4)))
                .isInstanceOf(BundleException.class).hasMessageContaining(dir.toString())
                .hasMessageContaining("no patch tokens").hasMessageContaining("vision_model.onnx");
    }

    @Test
    void clipBundleDefaultsToTheStagesBundle() {
        Path stage = Bundles.locate("clip");
        assertThat(StageSettings.orStageBundle("", stage)).isEqualTo(stage);
        assertThat(StageSettings.orStageBundle(" /models/clip-hf ", stage)).hasToString("/models/clip-hf");
    }
}
