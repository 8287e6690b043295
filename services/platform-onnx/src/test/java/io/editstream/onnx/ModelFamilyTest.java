package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up family line of each committed bundle kind, read from the export's own config files. */
class ModelFamilyTest {

    private static ModelBundle fixture(String name) {
        return ModelBundle.load(Bundles.locate(name));
    }

    @Test
    void huggingFaceExportsAreNamedByTheirConfig() {
        assertThat(ModelFamily.of(fixture("clip-hf"))).isEqualTo("CLIP (Hugging Face CLIPModel export)");
        assertThat(ModelFamily.of(fixture("dino"))).isEqualTo("DINOv2 (Hugging Face Dinov2Model export)");
        assertThat(ModelFamily.of(fixture("sam"))).startsWith("Segment Anything");
    }

    @Test
    void aDiffusersExportWithATextEncoderIsInstructPix2PixOursIsNot() {
        assertThat(ModelFamily.of(fixture("instruct-pix2pix-tiny"))).startsWith("InstructPix2Pix family (diffusers "
                + "ORTStableDiffusionInstructPix2PixPipeline, Optimum ONNX, CLIP text encoder");
        // the project's renderer keeps the Optimum layout but has no text encoder: it reads the learned fusion
        assertThat(ModelFamily.of(fixture("renderer"))).startsWith("EditStream renderer (");
        assertThat(ModelFamily.of(fixture("clip"))).startsWith("EditStream CLIP bundle");
        assertThat(ModelFamily.describe(fixture("reasoner"))).startsWith("EditStream reasoner bundle")
                .contains("reasoner-fixture@fixture-1 from " + Bundles.locate("reasoner"));
    }

    @Test
    void theCheckpointARealExportNamesIsShown(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bundle.json"), "{\"name\": \"clip-l14\", \"version\": \"optimum\", \"kind\": \"clip-hf\"}");
        Files.writeString(dir.resolve("config.json"), "{\"_name_or_path\": \"openai/clip-vit-large-patch14\", "
                + "\"architectures\": [\"CLIPModel\"], \"model_type\": \"clip\"}");
        assertThat(ModelFamily.of(ModelBundle.load(dir))).isEqualTo("CLIP (Hugging Face CLIPModel export of openai/clip-vit-large-patch14)");
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"SiglipModel\"], \"model_type\": \"siglip\"}");
        assertThat(ModelFamily.of(ModelBundle.load(dir))).isEqualTo("SigLIP (Hugging Face SiglipModel export)");
        Files.delete(dir.resolve("config.json"));
        assertThat(ModelFamily.of(ModelBundle.load(dir))).isEqualTo("CLIP (bundle kind clip-hf, no config.json)");
    }
}
