package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** Opening the bundle fails with a BundleException whose message names each of {@code named}. */
    private void assertRefused(String... named) {
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContainingAll(named);
    }

    @ParameterizedTest(name = "a missing {0} is named")
    @CsvSource(delimiter = ';', textBlock = """
            unet/model.onnx         ; unet/model.onnx
            text_encoder/model.onnx ; input_ids int32|int64 [B,77] -> last_hidden_state
            tokenizer/vocab.json    ; merges.txt
            """)
    void aMissingFileIsNamed(String file, String alsoNamed) throws Exception {
        Files.delete(dir.resolve(file));
        assertRefused(file, alsoNamed);
    }

    /** A graph replaced by another bundle's: the refusal names the file and what is off. */
    static Stream<Arguments> wrongGraphs() {
        Path clip = Bundles.locate("clip");
        return Stream.of(
                arguments("unet", clip.resolve("text_encoder.onnx"), List.of("wrong signature", RendererGraphs.UNET, "attention_mask")),
                arguments("vae_encoder", clip.resolve("image_encoder.onnx"), List.of(RendererGraphs.VAE_ENCODER, "pixel_values")),
                arguments("text_encoder", clip.resolve("text_encoder.onnx"), List.of("wrong signature", "attention_mask")),
                // the project's renderer fixture takes encoder_hidden_states [B,L,64]; this bundle's text encoder gives [77,32]
                arguments("unet", Bundles.locate("renderer").resolve("unet/model.onnx"), List.of("[-1, -1, 64]", "[B,77,32]")));
    }

    @ParameterizedTest(name = "a {0} of another model is refused: {2}")
    @MethodSource("wrongGraphs")
    void aGraphOfAnotherModelIsRefused(String role, Path graph, List<String> named) throws Exception {
        replace(role, graph);
        assertRefused(Stream.concat(Stream.of(role + "/model.onnx"), named.stream()).toArray(String[]::new));
    }

    @Test
    void anUnsupportedSchedulerNamesItsConfig() throws Exception {
        Path config = dir.resolve("scheduler/scheduler_config.json");
        Files.writeString(config, Files.readString(config).replace("EulerAncestralDiscreteScheduler", "PNDMScheduler"));
        assertRefused("scheduler_config.json", "PNDMScheduler", "DDIMScheduler");
    }
}
