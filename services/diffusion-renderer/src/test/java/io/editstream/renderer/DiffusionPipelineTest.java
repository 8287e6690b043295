package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.EditOptions;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole renderer path (VAE encode → guided Euler-ancestral loop on the UNet → VAE decode) on the fixture bundle. */
class DiffusionPipelineTest {
    static DiffusionPipeline pipeline;
    static FloatTensor conditioning;

    @BeforeAll
    static void load() {
        pipeline = new DiffusionPipeline(ModelBundle.load(Bundles.locate("renderer")), Device.CPU);
        Random random = new Random(3);
        float[] values = new float[16 * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        conditioning = new FloatTensor(new long[] {16, 64}, values);
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static EditOptions options(int steps, long seed) {
        return EditOptions.newBuilder().setSteps(steps).setSeed(seed).build();
    }

    @Test
    void rendersAnImageOfTheSourceSizeReproduciblyPerSeed() {
        BufferedImage source = SampleImages.scene(80, 60, 1);
        List<Integer> progress = new ArrayList<>();
        BufferedImage a = pipeline.render(source, conditioning, options(6, 42), (done, total) -> progress.add(done));
        BufferedImage b = pipeline.render(source, conditioning, options(6, 42), null);
        BufferedImage c = pipeline.render(source, conditioning, options(6, 43), null);
        assertThat(a.getWidth()).isEqualTo(80);
        assertThat(a.getHeight()).isEqualTo(60);
        assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(ImageTensors.encodePng(a)).isEqualTo(ImageTensors.encodePng(b));
        assertThat(ImageTensors.encodePng(a)).isNotEqualTo(ImageTensors.encodePng(c));
    }

    @Test
    void theSourceLatentDistanceIsAPureFunctionOfTheSeedAndThePrompt() {
        // DiscEdit renders an edit and its no-change twin from the same seed and compares these distances
        BufferedImage source = SampleImages.scene(64, 64, 4);
        FloatTensor other = new FloatTensor(new long[] {16, 64}, new float[16 * 64]);
        EditRenderer.Rendering a = pipeline.renderMeasured(source, conditioning, options(3, 7), null);
        EditRenderer.Rendering again = pipeline.renderMeasured(source, conditioning, options(3, 7), null);
        EditRenderer.Rendering twin = pipeline.renderMeasured(source, other, options(3, 7), null);
        assertThat(a.sourceLatentL2()).isPositive().isFinite().isEqualTo(again.sourceLatentL2());
        assertThat(twin.sourceLatentL2()).isNotEqualTo(a.sourceLatentL2());
        assertThat(ImageTensors.encodePng(a.image())).isEqualTo(ImageTensors.encodePng(again.image()));
    }

    @Test
    void theConditioningAndTheGuidanceScalesChangeTheResult() {
        BufferedImage source = SampleImages.scene(64, 64, 2);
        BufferedImage guided = pipeline.render(source, conditioning, options(4, 1), null);
        FloatTensor other = new FloatTensor(new long[] {16, 64}, new float[16 * 64]);
        BufferedImage unconditioned = pipeline.render(source, other, options(4, 1), null);
        BufferedImage unguided = pipeline.render(source, conditioning,
                EditOptions.newBuilder().setSteps(4).setSeed(1).setTextGuidance(1f).build(), null);
        assertThat(ImageTensors.encodePng(guided)).isNotEqualTo(ImageTensors.encodePng(unconditioned));
        assertThat(ImageTensors.encodePng(guided)).isNotEqualTo(ImageTensors.encodePng(unguided));
        assertThat(pipeline.sampler()).isEqualTo("euler-ancestral");
    }

    @Test
    void takesTheConditioningShapeAndImageSizeFromTheBundle() {
        // fixture bundle.json: conditioningTokens 16, conditioningDim 64, imageSize 64 (its UNet accepts any L)
        assertThat(pipeline.conditioningShape()).containsExactly(16L, 64L);
        assertThat(pipeline.renderSize(200, 100)).isEqualTo(RenderSize.square(64));
        FloatTensor shorter = new FloatTensor(new long[] {8, 64}, new float[8 * 64]);
        assertThatThrownBy(() -> pipeline.render(SampleImages.scene(64, 64, 1), shorter, options(2, 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[8, 64]").hasMessageContaining("[16, 64]");
    }

    @Test
    void unsetGuidanceScalesTakeTheBundlesRecommendationElseInstructPix2PixDefaults(@TempDir Path dir) throws Exception {
        assertThat(pipeline.defaultGuidance()).containsExactly(7.5f, 1.5f);
        BufferedImage source = SampleImages.scene(64, 64, 3);
        BufferedImage unset = pipeline.render(source, conditioning, options(3, 5), null);
        BufferedImage explicit = pipeline.render(source, conditioning,
                EditOptions.newBuilder().setSteps(3).setSeed(5).setTextGuidance(7.5f).setImageGuidance(1.5f).build(), null);
        assertThat(ImageTensors.encodePng(unset)).isEqualTo(ImageTensors.encodePng(explicit));

        copy(Bundles.locate("renderer"), dir);
        Files.writeString(dir.resolve("bundle.json"), Files.readString(dir.resolve("bundle.json"))
                .replace("\"unconditional\": \"zeros\",", "\"unconditional\": \"zeros\", \"guidance\": {\"text\": 2.0, \"image\": 1.0},"));
        try (DiffusionPipeline recommending = new DiffusionPipeline(ModelBundle.load(dir), Device.CPU)) {
            assertThat(recommending.defaultGuidance()).containsExactly(2.0f, 1.0f);
            BufferedImage own = recommending.render(source, conditioning, options(3, 5), null);
            BufferedImage asked = recommending.render(source, conditioning,
                    EditOptions.newBuilder().setSteps(3).setSeed(5).setTextGuidance(2f).setImageGuidance(1f).build(), null);
            assertThat(ImageTensors.encodePng(own)).isEqualTo(ImageTensors.encodePng(asked))
                    .isNotEqualTo(ImageTensors.encodePng(unset));
        }
    }

    @Test
    void aBundleWithAnUnknownNullConditioningIsRefused(@TempDir Path dir) throws Exception {
        copy(Bundles.locate("renderer"), dir);
        Files.writeString(dir.resolve("bundle.json"), Files.readString(dir.resolve("bundle.json"))
                .replace("\"unconditional\": \"zeros\"", "\"unconditional\": \"learned\""));
        assertThatThrownBy(() -> new DiffusionPipeline(ModelBundle.load(dir), Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining("learned").hasMessageContaining("empty_prompt")
                .hasMessageContaining("zeros");
    }

    @Test
    void aBundleWithoutItsSchedulerFailsAtStartUpNamingTheFile(@TempDir Path dir) throws Exception {
        Path fixture = Bundles.locate("renderer");
        copy(fixture, dir);
        Files.delete(dir.resolve("scheduler/scheduler_config.json"));
        Files.writeString(dir.resolve("bundle.json"), Files.readString(dir.resolve("bundle.json"))
                .replace("\"scheduler\": \"scheduler/scheduler_config.json\",", ""));
        assertThatThrownBy(() -> new DiffusionPipeline(ModelBundle.load(dir), Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining("scheduler_config.json");
        Files.delete(dir.resolve("unet/model.onnx"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("unet/model.onnx");
    }

    static void copy(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
