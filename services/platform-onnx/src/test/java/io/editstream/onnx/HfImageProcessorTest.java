package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CLIPImageProcessor / BitImageProcessor preprocessing against models/scripts/clip_reference.py, which runs
 * PIL's own bicubic resize: the resized-and-cropped uint8 image is byte-identical, and so is pixel_values.
 */
class HfImageProcessorTest {

    record Case(String name, JsonNode processor, JsonNode image) {
        @Override
        public String toString() {
            return name + " " + image.path("width").asInt() + "x" + image.path("height").asInt();
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        JsonNode clip = ReferenceImages.load("clip-hf");
        clip.path("images").forEach(i -> cases.add(new Case("clip-vit-base-patch32", clip.path("preprocessor"), i)));
        JsonNode dino = ReferenceImages.load("dino");
        dino.path("images").forEach(i -> cases.add(new Case("dino fixture (64/56)", dino.path("preprocessor"), i)));
        JsonNode real = dino.path("dinov2");
        real.path("images").forEach(i -> cases.add(new Case("dinov2 (256/224)", real.path("preprocessor"), i)));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReferenceProcessorExactly(Case c) {
        HfImageProcessor processor = HfImageProcessor.fromJson(c.processor(), c.name());
        BufferedImage image = ReferenceImages.pattern(c.image());
        int[] resized = processor.resizedSize(image.getWidth(), image.getHeight());
        assertThat(resized).containsExactly(c.image().path("resized").get(0).asInt(), c.image().path("resized").get(1).asInt());
        int[] crop = processor.cropBox(resized[0], resized[1]);
        for (int i = 0; i < 4; i++) {
            assertThat(crop[i]).as("crop box [left, top, width, height]").isEqualTo(c.image().path("crop").get(i).asInt());
        }
        assertThat(ReferenceImages.sha256(processor.croppedRgb(image))).as("PIL bicubic resize + crop, uint8")
                .isEqualTo(c.image().path("cropSha256").asText());
        FloatTensor pixels = processor.preprocess(image);
        assertThat(pixels.shape()).containsExactly(1L, 3L, crop[3], crop[2]);
        for (JsonNode s : c.image().path("samples")) {
            int index = (s.get(0).asInt() * crop[3] + s.get(1).asInt()) * crop[2] + s.get(2).asInt();
            assertThat(pixels.data()[index]).isEqualTo((float) s.get(3).asDouble());
        }
        assertThat(ReferenceImages.sha256(ReferenceImages.littleEndian(pixels.data()))).as("pixel_values float32")
                .isEqualTo(c.image().path("pixelValuesSha256").asText());
    }

    @Test
    void readsTheLegacyOpenAiLayoutAsTheModernOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode modern = ReferenceImages.load("clip-hf").path("preprocessor");
        // openai/clip-vit-base-patch32's original preprocessor_config.json
        JsonNode legacy = json.readTree("{\"crop_size\": 224, \"do_center_crop\": true, \"do_normalize\": true, "
                + "\"do_resize\": true, \"feature_extractor_type\": \"CLIPFeatureExtractor\", "
                + "\"image_mean\": [0.48145466, 0.4578275, 0.40821073], \"image_std\": [0.26862954, 0.26130258, 0.27577711], "
                + "\"resample\": 3, \"size\": 224}");
        BufferedImage image = ReferenceImages.pattern(300, 211, 9);
        assertThat(HfImageProcessor.fromJson(legacy, "legacy").preprocess(image))
                .isEqualTo(HfImageProcessor.fromJson(modern, "modern").preprocess(image));
    }

    @Test
    void theViewIsTheCentreCropInSourceFractions() {
        HfImageProcessor processor = HfImageProcessor.fromJson(ReferenceImages.load("clip-hf").path("preprocessor"), "clip");
        assertThat(processor.view(480, 320)).containsExactly(56.0 / 336, 0.0, 280.0 / 336, 1.0);
        assertThat(processor.view(224, 224)).containsExactly(0.0, 0.0, 1.0, 1.0);
    }

    @Test
    void refusesAMissingOrUnusableConfigNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("preprocessor_config.json");
        assertThatThrownBy(() -> HfImageProcessor.load(missing)).isInstanceOf(BundleException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("CLIPImageProcessor");
        JsonNode nearest = new ObjectMapper().readTree("{\"size\": {\"shortest_edge\": 224}, \"crop_size\": 224, "
                + "\"resample\": 0, \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}");
        assertThatThrownBy(() -> HfImageProcessor.fromJson(nearest, "x.json")).isInstanceOf(BundleException.class)
                .hasMessageContaining("x.json").hasMessageContaining("resample");
    }
}
