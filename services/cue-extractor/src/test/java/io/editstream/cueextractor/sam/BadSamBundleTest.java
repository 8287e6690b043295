package io.editstream.cueextractor.sam;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private void replaceWithResource(String file, String resource) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/sam/bad/" + resource)) {
            Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theFixtureLoads() {
        open();
    }

    @Test
    void anEncoderWithOtherInputNamesIsRefusedWithTheExpectedSignature() throws Exception {
        replace("encoder.onnx", Bundles.locate("clip").resolve("image_encoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("encoder.onnx")
                .hasMessageContaining("wrong signature").hasMessageContaining(SamGraphs.ENCODER).hasMessageContaining("pixel_values");
    }

    @Test
    void anEncoderOfTheWrongDtypeIsRefused() throws Exception {
        replaceWithResource("encoder.onnx", "encoder_int64.onnx");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("encoder.onnx")
                .hasMessageContaining(SamGraphs.ENCODER).hasMessageContaining("input_image INT64");
    }

    @Test
    void anEncoderOfTheWrongRankIsRefused() throws Exception {
        // an HWC input is fine (samexporter --use-preprocess), but embeddings of rank 3 are not
        replaceWithResource("encoder.onnx", "encoder_hwc.onnx");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("encoder.onnx")
                .hasMessageContaining(SamGraphs.ENCODER).hasMessageContaining("[-1, -1, 3]");
    }

    @Test
    void aDecoderMissingAnInputIsRefused() throws Exception {
        replaceWithResource("decoder.onnx", "decoder_no_orig_im_size.onnx");
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("decoder.onnx")
                .hasMessageContaining(SamGraphs.DECODER).hasMessageContaining("has_mask_input FLOAT [1]");
    }

    @Test
    void aDecoderOfAnotherModelIsRefused() throws Exception {
        replace("decoder.onnx", Bundles.locate("clip").resolve("text_encoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("decoder.onnx")
                .hasMessageContaining(SamGraphs.DECODER).hasMessageContaining("attention_mask");
    }

    @Test
    void theGraphsSwappedAreRefused() throws Exception {
        Files.move(dir.resolve("encoder.onnx"), dir.resolve("tmp.onnx"));
        Files.move(dir.resolve("decoder.onnx"), dir.resolve("encoder.onnx"));
        Files.move(dir.resolve("tmp.onnx"), dir.resolve("decoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("encoder.onnx")
                .hasMessageContaining(SamGraphs.ENCODER);
    }

    @Test
    void aMissingDecoderIsNamed() throws Exception {
        Files.delete(dir.resolve("decoder.onnx"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("decoder.onnx")
                .hasMessageContaining("missing");
    }

    @Test
    void aMissingManifestIsNamedWithTheLayout() throws Exception {
        Files.delete(dir.resolve("bundle.json"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("bundle.json")
                .hasMessageContaining("\"kind\": \"sam\"").hasMessageContaining("\"decoder\": \"decoder.onnx\"");
    }

    @Test
    void aBundleOfAnotherKindIsRefused() throws Exception {
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"kind\": \"sam\"", "\"kind\": \"clip\""));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("kind 'clip'")
                .hasMessageContaining("\"kind\": \"sam\"");
    }

    @Test
    void anImageSizeTheEncoderDoesNotTakeIsRefused() throws Exception {
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"imageSize\": 1024", "\"imageSize\": 512"));
        assertThatThrownBy(this::open).isInstanceOf(BundleException.class).hasMessageContaining("encoder.onnx")
                .hasMessageContaining("1024x1024").hasMessageContaining("imageSize 512");
    }
}
