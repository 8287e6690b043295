package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.testing.SampleImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fp16 and bf16 FLUX exports: the fixture's transformer with float16 / bfloat16 inputs and output
 * ({@code src/test/resources/kontext-half/}, by make_kontext_fixture.py) renders through the same pipeline, its
 * values rounded at the border, and stays within that rounding of the fp32 render.
 */
class KontextPrecisionTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} transformer IO")
    @CsvSource({"fp16, FLOAT16, 0.02", "bf16, BFLOAT16, 0.1"})
    void aHalfPrecisionTransformerRendersCloseToFloat32(String variant, String type, double tolerance) throws Exception {
        DiffusionPipelineTest.copy(Bundles.locate("flux-kontext-tiny"), dir);
        Path graph = Path.of(KontextPrecisionTest.class.getResource("/kontext-half/" + variant + "/transformer/model.onnx").toURI());
        Files.copy(graph, dir.resolve("transformer/model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        try (OnnxModel transformer = OnnxModel.load(dir.resolve("transformer/model.onnx"), Device.CPU)) {
            assertThat(transformer.inputTypes().get("hidden_states")).isEqualTo(type);
            assertThat(transformer.outputTypes().get("out_hidden_states")).isEqualTo(type);
        }
        ModelBundle half = ModelBundle.load(dir);
        EditRenderer.Conditioning conditioning;
        try (FluxTextEncoders text = FluxTextEncoders.load(half, Device.CPU)) {
            FluxTextEncoders.Encoded e = text.encode("turn the red ball blue");
            conditioning = new EditRenderer.Conditioning(e.sequence(), e.pooled());
        }
        EditOptions options = EditOptions.newBuilder().setSteps(4).setSeed(3).build();
        var source = SampleImages.scene(64, 48, 2);
        float[] exact;
        float[] rounded;
        try (FluxKontextPipeline fp32 = new FluxKontextPipeline(ModelBundle.load(Bundles.locate("flux-kontext-tiny")), Device.CPU,
                RenderSettings.defaults()); FluxKontextPipeline p = new FluxKontextPipeline(half, Device.CPU, RenderSettings.defaults())) {
            exact = fp32.sample(source, conditioning, options, null).packedLatents();
            rounded = p.sample(source, conditioning, options, null).packedLatents();
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < exact.length; i++) {
            worst = Math.max(worst, Math.abs(exact[i] - rounded[i]));
            scale = Math.max(scale, Math.abs(exact[i]));
        }
        assertThat(worst / scale).as("largest latent difference relative to the largest latent").isLessThan(tolerance).isPositive();
    }
}
