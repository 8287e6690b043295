package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which family a renderer bundle is: bundle.json's "family", else model_index.json's pipeline class. */
class RendererFamilyTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedFixturesSayTheirFamily() {
        assertThat(RendererFamily.of(ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny")))).isEqualTo(RendererFamily.INSTRUCT_PIX2PIX);
        assertThat(RendererFamily.of(ModelBundle.load(Bundles.locate("renderer")))).isEqualTo(RendererFamily.INSTRUCT_PIX2PIX);
    }

    @Test
    void modelIndexDecidesWhenBundleJsonIsSilentAndAnUnknownFamilyIsRefused() throws Exception {
        Files.writeString(dir.resolve("bundle.json"), "{\"name\": \"k\", \"version\": \"1\", \"kind\": \"renderer\"}");
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"FluxKontextPipeline\"}");
        assertThat(RendererFamily.of(ModelBundle.load(dir))).isEqualTo(RendererFamily.FLUX_KONTEXT);
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionInstructPix2PixPipeline\"}");
        assertThat(RendererFamily.of(ModelBundle.load(dir))).isEqualTo(RendererFamily.INSTRUCT_PIX2PIX);

        Files.writeString(dir.resolve("bundle.json"), "{\"name\": \"k\", \"version\": \"1\", \"kind\": \"renderer\", \"family\": \"flux-kontext\"}");
        assertThat(RendererFamily.of(ModelBundle.load(dir))).isEqualTo(RendererFamily.FLUX_KONTEXT);
        Files.writeString(dir.resolve("bundle.json"), "{\"name\": \"k\", \"version\": \"1\", \"kind\": \"renderer\", \"family\": \"qwen-image\"}");
        assertThatThrownBy(() -> RendererFamily.of(ModelBundle.load(dir))).isInstanceOf(BundleException.class)
                .hasMessageContaining("qwen-image").hasMessageContaining("flux-kontext").hasMessageContaining("instruct-pix2pix");
    }
}
