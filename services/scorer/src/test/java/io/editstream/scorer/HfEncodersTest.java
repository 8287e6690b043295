package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer on real-model bundle kinds: CLIP-I / CLIP-T from the Hugging Face CLIP fixture (clip-hf) and DINO from
 * the DINOv2-layout fixture, both checked against models/scripts/clip_reference.py (embeddings to 1e-5), and DINO
 * start-up refusing wrong exports.
 */
class HfEncodersTest {

    @Test
    void clipScoresAreCosinesOfTheReferenceEmbeddings() throws IOException {
        JsonNode reference = reference("clip-hf");
        JsonNode first = reference.path("images").get(0);
        JsonNode second = reference.path("images").get(1);
        JsonNode text = reference.path("texts").get(1);
        try (Scorer scorer = Scorer.load(ModelBundle.load(Bundles.locate("clip-hf")), Device.CPU)) {
            assertThat(scorer.modelId()).isEqualTo("clip-hf-fixture");
            assertThat(scorer.describe()).contains("clip-hf").contains("centre crop 224x224");
            Scorer.Scores s = scorer.score(pattern(second), pattern(first), pattern(first), text.path("text").asText());
            assertThat(s.output().get("clip_i")).isCloseTo(1.0, within(1e-5));
            assertThat(s.output().get("clip_t")).isCloseTo(dot(first.path("imageEmbeds"), text.path("textEmbeds")), within(1e-5));
            assertThat(s.copyBaseline().get("clip_i")).isCloseTo(dot(first.path("imageEmbeds"), second.path("imageEmbeds")), within(1e-5));
            assertThat(s.copyBaseline().get("clip_t")).isCloseTo(dot(second.path("imageEmbeds"), text.path("textEmbeds")), within(1e-5));
        }
    }

    @Test
    void clipBundleConfigDefaultsToTheStagesBundle() {
        Path stage = Bundles.locate("clip");
        assertThat(StageSettings.orStageBundle("", stage)).isEqualTo(stage);
        assertThat(StageSettings.orStageBundle(null, stage)).isEqualTo(stage);
        assertThat(StageSettings.orStageBundle(" /models/clip-vit-base-patch32 ", stage)).hasToString("/models/clip-vit-base-patch32");
    }

    @Test
    void dinoEmbeddingIsTheClsTokenOfTheReference() throws IOException {
        JsonNode reference = reference("dino");
        try (DinoModel dino = DinoModel.load(ModelBundle.load(Bundles.locate("dino")), Device.CPU)) {
            assertThat(dino.describe()).contains("shortest edge 64 bicubic, centre crop 56x56");
            for (JsonNode image : reference.path("images")) {
                float[] cls = dino.embed(pattern(image));
                JsonNode expected = image.path("cls");
                assertThat(cls).hasSize(expected.size());
                for (int i = 0; i < cls.length; i++) {
                    assertThat(cls[i]).isCloseTo((float) expected.get(i).asDouble(), within(1e-5f));
                }
            }
        }
    }

    @Test
    void dinoRefusesAMissingPreprocessorConfig(@TempDir Path dir) throws IOException {
        Path bundle = copy(Bundles.locate("dino"), dir);
        Files.delete(bundle.resolve("preprocessor_config.json"));
        assertThatThrownBy(() -> DinoModel.load(ModelBundle.load(bundle), Device.CPU)).isInstanceOf(BundleException.class)
                .hasMessageContaining(bundle.resolve("preprocessor_config.json").toString()).hasMessageContaining("BitImageProcessor");
    }

    @Test
    void dinoRefusesGraphsWithOtherNamesOrRanks(@TempDir Path dir) throws IOException {
        Path names = copy(Bundles.locate("dino"), dir.resolve("names"));
        Files.copy(Bundles.locate("clip").resolve("image_encoder.onnx"), names.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DinoModel.load(ModelBundle.load(names), Device.CPU)).isInstanceOf(BundleException.class)
                .hasMessageContaining(names.resolve("model.onnx").toString()).hasMessageContaining(DinoModel.SIGNATURE)
                .hasMessageContaining("patch_tokens");
        Path rank = copy(Bundles.locate("dino"), dir.resolve("rank"));
        Files.copy(Path.of("..", "platform-onnx", "src", "test", "resources", "wrong-exports", "vision_rank3.onnx"),
                rank.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DinoModel.load(ModelBundle.load(rank), Device.CPU)).isInstanceOf(BundleException.class)
                .hasMessageContaining(DinoModel.SIGNATURE).hasMessageContaining("pixel_values FLOAT [-1, 3, 16]");
    }

    static JsonNode reference(String name) throws IOException {
        return new ObjectMapper().readTree(Bundles.locate("reference").resolve(name + ".json").toFile());
    }

    private static double dot(JsonNode a, JsonNode b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.get(i).asDouble() * b.get(i).asDouble();
        }
        return sum;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return to;
    }

    /** The reference image an entry of the reference JSON names (clip_reference.py's pattern). */
    static BufferedImage pattern(JsonNode entry) {
        return SampleImages.referencePattern(entry.path("width").asInt(), entry.path("height").asInt(), entry.path("seed").asLong());
    }
}
