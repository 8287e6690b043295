package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken FLUX Kontext bundle fails at start-up naming the file and the signature it should have. The wrong graphs
 * come from {@code make_kontext_fixture.py} ({@code src/test/resources/kontext-bad/}), each laid over a copy of the
 * fixture at its own path.
 */
class BadKontextBundleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyFixture() throws Exception {
        DiffusionPipelineTest.copy(Bundles.locate("flux-kontext-tiny"), dir);
    }

    private void layOver(String bad) throws Exception {
        Path from = Path.of(BadKontextBundleTest.class.getResource("/kontext-bad/" + bad).toURI());
        try (var files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void open() {
        EditRenderer.open(ModelBundle.load(dir), Device.CPU, RenderSettings.defaults()).close();
    }

    @Test
    void aTransformerWithoutGuidanceIsRefusedWhenItsConfigSaysGuidanceDistilled() throws Exception {
        layOver("no-guidance");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class)
                .hasMessageContainingAll(dir.resolve("transformer/model.onnx").toString(), "guidance_embeds true", "guidance float[B]");
    }

    @Test
    void aTransformerWithAnotherOutputIsRefusedWithItsSignature() throws Exception {
        layOver("wrong-output");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class)
                .hasMessageContainingAll(dir.resolve("transformer/model.onnx").toString(), "-> out_hidden_states [B,S,4C]", "out_sample");
    }

    @Test
    void aT5OfAnotherWidthThanTheTransformerIsRefusedByTheTextSide() throws Exception {
        layOver("t5-wrong-width");
        assertThatThrownBy(() -> FluxTextEncoders.load(ModelBundle.load(dir), Device.CPU).close()).isInstanceOf(BundleException.class)
                .hasMessageContainingAll(dir.resolve("text_encoder_2/model.onnx").toString(), "48", "joint_attention_dim 32");
    }

    @Test
    void aMissingTransformerOrASchedulerOfTheOtherFamilyIsNamed() throws Exception {
        Path graph = dir.resolve("transformer/model.onnx");
        Path kept = dir.resolve("kept.onnx");
        Files.move(graph, kept);
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class).hasMessageContaining("transformer/model.onnx");
        Files.move(kept, graph);
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), "{\"_class_name\": \"EulerAncestralDiscreteScheduler\"}");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class)
                .hasMessageContainingAll("scheduler_config.json", "EulerAncestralDiscreteScheduler", "FlowMatchEulerDiscreteScheduler");
    }
}
