package io.editstream.cueextractor.sam;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A wrong SAM export fails at start-up, naming the file and the signature it should have: graphs with other
 * input names, ranks or dtypes, a decoder missing an input, a missing graph, a missing or foreign bundle.json.
 */
class BadSamBundleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyFixture() throws Exception {
        try (Stream<Path> files = Files.list(Bundles.locate("sam"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private void open() {
        SamRegionProposer.load(dir, Device.CPU, 8).close();
    }

    private void replace(String file, Path graph) throws Exception {
        Files.copy(graph, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Opening the bundle fails with a BundleException whose message names each of {@code named}. */
    private void assertRefused(String... named) {
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContainingAll(named);
    }

    private static Path badGraph(String resource) throws Exception {
        return Path.of(BadSamBundleTest.class.getResource("/sam/bad/" + resource).toURI());
    }

    @Test
    void theFixtureLoads() {
        open();
    }

    /** A graph replaced by another export: the refusal names the file, the role's signature and what is off. */
    static Stream<Arguments> wrongGraphs() throws Exception {
        Path clip = Bundles.locate("clip");
        return Stream.of(
                arguments("encoder with other input names", "encoder.onnx", clip.resolve("image_encoder.onnx"),
                        List.of("wrong signature", SamGraphs.ENCODER, "pixel_values")),
                arguments("encoder of the wrong dtype", "encoder.onnx", badGraph("encoder_int64.onnx"),
                        List.of(SamGraphs.ENCODER, "input_image INT64")),
                // an HWC input is fine (samexporter --use-preprocess), but embeddings of rank 3 are not
                arguments("encoder of the wrong rank", "encoder.onnx", badGraph("encoder_hwc.onnx"),
                        List.of(SamGraphs.ENCODER, "[-1, -1, 3]")),
                arguments("decoder missing an input", "decoder.onnx", badGraph("decoder_no_orig_im_size.onnx"),
                        List.of(SamGraphs.DECODER, "has_mask_input FLOAT [1]")),
                arguments("decoder of another model", "decoder.onnx", clip.resolve("text_encoder.onnx"),
                        List.of(SamGraphs.DECODER, "attention_mask")));
    }

    @ParameterizedTest(name = "an {0} is refused")
    @MethodSource("wrongGraphs")
    void aWrongGraphIsRefusedWithTheExpectedSignature(String what, String file, Path graph, List<String> named) throws Exception {
        replace(file, graph);
        assertRefused(Stream.concat(Stream.of(file), named.stream()).toArray(String[]::new));
    }

    @Test
    void theGraphsSwappedAreRefused() throws Exception {
        Files.move(dir.resolve("encoder.onnx"), dir.resolve("tmp.onnx"));
        Files.move(dir.resolve("decoder.onnx"), dir.resolve("encoder.onnx"));
        Files.move(dir.resolve("tmp.onnx"), dir.resolve("decoder.onnx"));
        assertRefused("encoder.onnx", SamGraphs.ENCODER);
    }

    @Test
    void aMissingDecoderIsNamed() throws Exception {
        Files.delete(dir.resolve("decoder.onnx"));
        assertRefused("decoder.onnx", "missing");
    }

    @Test
    void aMissingManifestIsNamedWithTheLayout() throws Exception {
        Files.delete(dir.resolve("bundle.json"));
        assertRefused("bundle.json", "\"kind\": \"sam\"", "\"decoder\": \"decoder.onnx\"");
    }

    @Test
    void aBundleOfAnotherKindIsRefused() throws Exception {
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"kind\": \"sam\"", "\"kind\": \"clip\""));
        assertRefused("kind 'clip'", "\"kind\": \"sam\"");
    }

    @Test
    void anImageSizeTheEncoderDoesNotTakeIsRefused() throws Exception {
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"imageSize\": 1024", "\"imageSize\": 512"));
        assertRefused("encoder.onnx", "1024x1024", "imageSize 512");
    }
}
