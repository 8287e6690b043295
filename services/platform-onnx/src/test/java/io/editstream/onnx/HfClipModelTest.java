package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hugging Face CLIP bundle (models/fixtures/clip-hf) against models/scripts/clip_reference.py: token ids
 * exactly, image and text embeddings and projected patch tokens to 1e-5; and start-up refusing wrong exports.
 */
class HfClipModelTest {
    private static final float TOLERANCE = 1e-5f;
    private static final JsonNode REFERENCE = ReferenceImages.load("clip-hf");
    private static HfClipModel clip;

    @BeforeAll
    static void load() {
        clip = HfClipModel.load(ModelBundle.load(Bundles.locate("clip-hf")), Device.CPU);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void tokenisesAsTheReferenceTokenizer() {
        assertThat(clip.textTokens()).isEqualTo(77);
        for (JsonNode t : REFERENCE.path("texts")) {
            String text = t.path("text").asText();
            long[] expected = new long[77];
            long[] mask = new long[77];
            for (int i = 0; i < 77; i++) {
                expected[i] = t.path("inputIds").get(i).asLong();
                mask[i] = t.path("attentionMask").get(i).asLong();
            }
            assertThat(clip.inputIds(text).data()).as(text).containsExactly(expected);
            assertThat(clip.attentionMask(text).data()).as(text).containsExactly(mask);
        }
    }

    @Test
    void textEmbeddingsMatchTheReference() {
        for (JsonNode t : REFERENCE.path("texts")) {
            float[] embedding = clip.encodeText(t.path("text").asText());
            assertThat(ReferenceImages.maxAbsDiff(embedding, ReferenceImages.floats(t.path("textEmbeds"))))
                    .as(t.path("text").asText()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void imageEmbeddingsAndProjectedPatchTokensMatchTheReference() {
        assertThat(clip.hasPatchTokens()).isTrue();
        int grid = REFERENCE.path("patchGrid").asInt();
        for (JsonNode image : REFERENCE.path("images")) {
            ClipModel.ImageEncoding encoding = clip.encodeImage(ReferenceImages.pattern(image));
            assertThat(ReferenceImages.maxAbsDiff(encoding.embedding(), ReferenceImages.floats(image.path("imageEmbeds"))))
                    .isLessThan(TOLERANCE);
            assertThat(encoding.patchTokens().shape()).containsExactly(1L, (long) grid * grid, REFERENCE.path("embeddingWidth").asLong());
            if (image.has("patchEmbeds")) {
                assertThat(ReferenceImages.maxAbsDiff(encoding.patchTokens().data(), ReferenceImages.floats(image.path("patchEmbeds"))))
                        .isLessThan(TOLERANCE);
            }
        }
    }

    @Test
    void theSingleOptimumGraphGivesTheSameEmbeddingsWithoutPatchTokens(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Files.delete(bundle.resolve("vision_model.onnx"));
        Files.delete(bundle.resolve("text_model.onnx"));
        try (HfClipModel single = HfClipModel.load(ModelBundle.load(bundle), Device.CPU)) {
            assertThat(single.hasPatchTokens()).isFalse();
            assertThat(single.describe()).contains("model.onnx").contains("patch tokens: none");
            JsonNode image = REFERENCE.path("images").get(0);
            ClipModel.ImageEncoding encoding = single.encodeImage(ReferenceImages.pattern(image));
            assertThat(encoding.patchTokens()).isNull();
            assertThat(ReferenceImages.maxAbsDiff(encoding.embedding(), ReferenceImages.floats(image.path("imageEmbeds"))))
                    .isLessThan(TOLERANCE);
            JsonNode text = REFERENCE.path("texts").get(1);
            assertThat(ReferenceImages.maxAbsDiff(single.encodeText(text.path("text").asText()),
                    ReferenceImages.floats(text.path("textEmbeds")))).isLessThan(TOLERANCE);
        }
    }

    @Test
    void loadsThroughTheEncoderFactoryAndSaysWhatItRuns() {
        try (ClipEncoder encoder = ClipEncoder.load(ModelBundle.load(Bundles.locate("clip-hf")), Device.CPU)) {
            assertThat(encoder).isInstanceOf(HfClipModel.class);
            assertThat(encoder.describe()).contains("shortest edge 224 bicubic, centre crop 224x224")
                    .contains("padded to 77").contains("49 projected by visual_projection.onnx");
        }
        try (ClipEncoder toy = ClipEncoder.load(ModelBundle.load(Bundles.locate("clip")), Device.CPU)) {
            assertThat(toy).isInstanceOf(ClipModel.class);
            assertThat(toy.patchGridView(100, 50)).containsExactly(0, 0, 1, 1);
        }
        assertThatThrownBy(() -> ClipEncoder.load(ModelBundle.load(Bundles.locate("dino")), Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining("kind 'dino'").hasMessageContaining("clip-hf");
    }

    @Test
    void refusesAVisionGraphWithoutProjectionNamingFileAndSignature(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Files.copy(wrong("vision_without_projection.onnx"), bundle.resolve("vision_model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertRefused(bundle, bundle.resolve("vision_model.onnx").toString(), HfClipModel.VISION_SIGNATURE, "pooler_output");
    }

    @Test
    void refusesAVisionGraphOfTheWrongRank(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Files.copy(wrong("vision_rank3.onnx"), bundle.resolve("vision_model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertRefused(bundle, "vision_model.onnx", HfClipModel.VISION_SIGNATURE, "pixel_values FLOAT [-1, 3, 16]");
    }

    @Test
    void refusesATextGraphWithFloatIds(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Files.copy(wrong("text_float_ids.onnx"), bundle.resolve("text_model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        assertRefused(bundle, "text_model.onnx", HfClipModel.TEXT_SIGNATURE, "input_ids FLOAT");
    }

    @Test
    void refusesTheProjectsOwnClipGraphAsTheOptimumOne(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Files.copy(Bundles.locate("clip").resolve("image_encoder.onnx"), bundle.resolve("model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        assertRefused(bundle, "model.onnx", HfClipModel.MODEL_SIGNATURE, "patch_tokens");
    }

    @Test
    void refusesMissingConfigsTokenizerAndGraphs(@TempDir Path dir) throws IOException {
        Path noConfig = copyFixture(dir.resolve("a"));
        Files.delete(noConfig.resolve("config.json"));
        assertRefused(noConfig, noConfig.resolve("config.json").toString(), "projection_dim");
        Path noPreprocessor = copyFixture(dir.resolve("b"));
        Files.delete(noPreprocessor.resolve("preprocessor_config.json"));
        assertRefused(noPreprocessor, noPreprocessor.resolve("preprocessor_config.json").toString(), "CLIPImageProcessor");
        Path noTokenizer = copyFixture(dir.resolve("c"));
        Files.delete(noTokenizer.resolve("merges.txt"));
        assertRefused(noTokenizer, "merges.txt", "tokenizer");
        Path noGraphs = copyFixture(dir.resolve("d"));
        for (String graph : new String[] {"model.onnx", "vision_model.onnx"}) {
            Files.delete(noGraphs.resolve(graph));
        }
        assertRefused(noGraphs, "needs model.onnx", HfClipModel.MODEL_SIGNATURE, HfClipModel.VISION_SIGNATURE);
    }

    @Test
    void refusesACropThatDisagreesWithTheModelSize(@TempDir Path dir) throws IOException {
        Path bundle = copyFixture(dir);
        Path file = bundle.resolve("preprocessor_config.json");
        Files.writeString(file, Files.readString(file).replace("\"height\": 224", "\"height\": 200"));
        assertRefused(bundle, "crops to 224x200", "image_size 224");
    }

    private static void assertRefused(Path bundle, String... fragments) {
        assertThatThrownBy(() -> HfClipModel.load(ModelBundle.load(bundle), Device.CPU)).isInstanceOf(BundleException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    private static Path wrong(String name) {
        return Path.of("src", "test", "resources", "wrong-exports", name);
    }

    static Path copyFixture(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Bundles.locate("clip-hf"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        return dir;
    }
}
