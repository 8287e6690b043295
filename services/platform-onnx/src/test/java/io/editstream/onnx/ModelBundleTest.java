package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle manifests: accessors, Optimum defaults, and errors that name what is missing. */
class ModelBundleTest {

    @Test
    void readsTheManifestOfTheClipFixture() {
        ModelBundle clip = ModelBundle.load(Bundles.locate("clip"));
        assertThat(clip.name()).isEqualTo("clip-fixture");
        assertThat(clip.version()).isNotBlank();
        assertThat(clip.imageSize()).isEqualTo(64);
        assertThat(clip.mean()).hasSize(3);
        assertThat(clip.std()).doesNotContain(0f).hasSize(3);
        assertThat(clip.file("image_encoder")).isEqualTo(clip.dir().resolve("image_encoder.onnx"));
        assertThat(clip.tokenizer()).isSameAs(clip.tokenizer());
        assertThatThrownBy(() -> clip.file("unet")).isInstanceOf(BundleException.class)
                .hasMessageContaining("no file for role 'unet'").hasMessageContaining("image_encoder");
    }

    @Test
    void optimumRolesResolveToComponentFolders(@TempDir Path tmp) throws IOException {
        ModelBundle renderer = ModelBundle.load(Bundles.locate("renderer"));
        assertThat(renderer.file("unet")).isEqualTo(renderer.dir().resolve("unet/model.onnx"));
        assertThat(renderer.file("vae_decoder_config")).isEqualTo(renderer.dir().resolve("vae_decoder/config.json"));
        Path copy = copy(renderer.dir(), tmp.resolve("renderer"));
        Files.writeString(copy.resolve("bundle.json"), "{\"name\":\"sd\",\"version\":\"1\",\"kind\":\"renderer\","
                + "\"layout\":\"optimum\"}");
        assertThat(ModelBundle.load(copy).file("vae_encoder")).isEqualTo(copy.resolve("vae_encoder/model.onnx"));
        Files.delete(copy.resolve("vae_encoder/model.onnx"));
        assertThatThrownBy(() -> ModelBundle.load(copy)).isInstanceOf(BundleException.class)
                .hasMessageContaining(copy.resolve("vae_encoder/model.onnx").toString())
                .hasMessageContaining("Optimum layout");
    }

    @Test
    void missingFileIsNamedWithTheExpectedLayout(@TempDir Path tmp) throws IOException {
        Path copy = copy(Bundles.locate("clip"), tmp.resolve("clip"));
        Files.delete(copy.resolve("text_encoder.onnx"));
        assertThatThrownBy(() -> ModelBundle.load(copy)).isInstanceOf(BundleException.class)
                .hasMessageContaining("model bundle " + copy)
                .hasMessageContaining("files.text_encoder file " + copy.resolve("text_encoder.onnx") + " is missing")
                .hasMessageContaining("layout: bundle.json, image_encoder.onnx, text_encoder.onnx");
    }

    @Test
    void missingManifestOrFolderIsExplained(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelBundle.load(empty)).isInstanceOf(BundleException.class)
                .hasMessageContaining(empty + " has no bundle.json").hasMessageContaining("\"files\"");
        Files.writeString(empty.resolve("model_index.json"), "{}");
        assertThatThrownBy(() -> ModelBundle.load(empty)).hasMessageContaining("looks like an Optimum export");
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nowhere"))).hasMessageContaining("does not exist");
    }

    @Test
    void malformedManifestsAreRejected(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("bundle.json"), "{\"name\": \"x\",");
        assertThatThrownBy(() -> ModelBundle.load(tmp)).hasMessageContaining("is not valid JSON");
        Files.writeString(tmp.resolve("bundle.json"), "{\"name\": \"x\", \"version\": \"1\"}");
        assertThatThrownBy(() -> ModelBundle.load(tmp)).hasMessageContaining("lacks \"kind\"");
        Files.writeString(tmp.resolve("bundle.json"), "{\"name\": \"x\", \"version\": \"1\", \"kind\": \"enhancer\"}");
        ModelBundle bare = ModelBundle.load(tmp);
        assertThatThrownBy(bare::imageSize).hasMessageContaining("needs a positive \"imageSize\"");
        assertThatThrownBy(bare::tokenizer).hasMessageContaining("declares no \"tokenizer\"");
    }

    @Test
    void locateHonoursTheModelsVariable(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("clip"));
        String previous = System.getProperty(Bundles.MODELS_VARIABLE);
        try {
            System.setProperty(Bundles.MODELS_VARIABLE, tmp.toString());
            assertThat(Bundles.locate("clip")).isEqualTo(tmp.resolve("clip"));
            assertThatThrownBy(() -> Bundles.locate("reasoner")).isInstanceOf(BundleException.class)
                    .hasMessageContaining("EDITSTREAM_MODELS=" + tmp);
        } finally {
            if (previous == null) {
                System.clearProperty(Bundles.MODELS_VARIABLE);
            } else {
                System.setProperty(Bundles.MODELS_VARIABLE, previous);
            }
        }
        assertThat(Bundles.locate("enhancer").resolve("bundle.json")).isRegularFile();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }
}
