package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken Optimum bundle fails at start-up, naming the file and the signature it should have: missing graphs,
 * missing tokenizer, graphs with other input names (another bundle's graph dropped in) or other shapes
 * (a UNet whose encoder_hidden_states width differs from the text encoder's), an unsupported scheduler.
 */
class BadOptimumBundleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyFixture() throws Exception {
        DiffusionPipelineTest.copy(Bundles.locate("instruct-pix2pix-tiny"), dir);
    }

    private void open() {
        new DiffusionPipeline(ModelBundle.load(dir), Device.CPU).close();
    }

    private void replace(String role, Path graph) throws Exception {
        Files.copy(graph, dir.resolve(role).resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aMissingUnetIsNamed() throws Exception {
        Files.delete(dir.resolve("unet/model.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("unet/model.onnx");
    }

    @Test
    void aMissingTextEncoderIsNamedWithItsSignature() throws Exception {
        Files.delete(dir.resolve("text_encoder/model.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("text_encoder/model.onnx")
                .hasMessageContaining("input_ids int32|int64 [B,77] -> last_hidden_state");
    }

    @Test
    void aMissingTokenizerIsNamed() throws Exception {
        Files.delete(dir.resolve("tokenizer/vocab.json"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("tokenizer/vocab.json")
                .hasMessageContaining("merges.txt");
    }

    @Test
    void aUnetWithOtherInputNamesIsRefusedWithTheExpectedSignature() throws Exception {
        replace("unet", Bundles.locate("clip").resolve("text_encoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("unet/model.onnx")
                .hasMessageContaining("wrong signature").hasMessageContaining(RendererGraphs.UNET).hasMessageContaining("attention_mask");
    }

    @Test
    void aVaeEncoderWithOtherInputsIsRefused() throws Exception {
        replace("vae_encoder", Bundles.locate("clip").resolve("image_encoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("vae_encoder/model.onnx")
                .hasMessageContaining(RendererGraphs.VAE_ENCODER).hasMessageContaining("pixel_values");
    }

    @Test
    void aTextEncoderOfTheWrongKindIsRefused() throws Exception {
        replace("text_encoder", Bundles.locate("clip").resolve("text_encoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("text_encoder/model.onnx")
                .hasMessageContaining("wrong signature").hasMessageContaining("attention_mask");
    }

    @Test
    void aUnetOfAnotherConditioningWidthIsRefused() throws Exception {
        // the project's renderer fixture takes encoder_hidden_states [B,L,64]; this bundle's text encoder gives [77,32]
        replace("unet", Bundles.locate("renderer").resolve("unet/model.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("unet/model.onnx")
                .hasMessageContaining("[-1, -1, 64]").hasMessageContaining("[B,77,32]");
    }

    @Test
    void anUnsupportedSchedulerNamesItsConfig() throws Exception {
        Path config = dir.resolve("scheduler/scheduler_config.json");
        Files.writeString(config, Files.readString(config).replace("EulerAncestralDiscreteScheduler", "PNDMScheduler"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("scheduler_config.json")
                .hasMessageContaining("PNDMScheduler").hasMessageContaining("DDIMScheduler");
    }
}
