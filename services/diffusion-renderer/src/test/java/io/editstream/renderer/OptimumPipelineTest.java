package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The renderer on bundles with the exact Optimum InstructPix2Pix signature (models/fixtures/instruct-pix2pix-tiny
 * and its fp16 variant): CLIP text conditioning [77, 32], empty-prompt null conditioning, int64 and fp16 timesteps,
 * every scheduler, and micro-batched concurrent renders giving the same images as renders alone.
 */
class OptimumPipelineTest {
    static ModelBundle bundle;
    static FloatTensor instruction;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny"));
        try (ClipTextEncoder text = ClipTextEncoder.load(bundle, Device.CPU)) {
            instruction = text.encode("make it night");
        }
    }

    @AfterAll
    static void done() {
        bundle = null;
    }

    private static EditOptions options(int steps, long seed) {
        return EditOptions.newBuilder().setSteps(steps).setSeed(seed).build();
    }

    private static byte[] png(BufferedImage image) {
        return ImageTensors.encodePng(image);
    }

    @Test
    void rendersWithTheTextEncodersEmptyPromptAsNullConditioning() {
        try (DiffusionPipeline pipeline = new DiffusionPipeline(bundle, Device.CPU)) {
            assertThat(pipeline.conditioningShape()).containsExactly(77L, 32L);
            assertThat(pipeline.sampler()).isEqualTo("euler-ancestral");
            assertThat(pipeline.renderSize(200, 100)).isEqualTo(new RenderSize(64, 64));   // bundle.json longSide 64
            BufferedImage source = SampleImages.scene(96, 64, 1);
            BufferedImage a = pipeline.render(source, instruction, options(3, 42), null);
            BufferedImage b = pipeline.render(source, instruction, options(3, 42), null);
            BufferedImage other = pipeline.render(source, instruction, options(3, 7), null);
            assertThat(a.getWidth()).isEqualTo(96);
            assertThat(a.getHeight()).isEqualTo(64);
            assertThat(png(a)).isEqualTo(png(b)).isNotEqualTo(png(other));
        }
    }

    @Test
    void theFp16ExportRendersToo() {
        ModelBundle fp16 = ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny-fp16"));
        try (DiffusionPipeline pipeline = new DiffusionPipeline(fp16, Device.CPU);
             ClipTextEncoder text = ClipTextEncoder.load(fp16, Device.CPU)) {
            FloatTensor conditioning = text.encode("make it night");
            BufferedImage source = SampleImages.scene(64, 64, 2);
            BufferedImage a = pipeline.render(source, conditioning, options(3, 42), null);
            assertThat(png(a)).isEqualTo(png(pipeline.render(source, conditioning, options(3, 42), null)));
        }
    }

    @Test
    void everySchedulerRunsTheLoop() {
        BufferedImage source = SampleImages.scene(64, 64, 3);
        List<byte[]> images = new ArrayList<>();
        for (String name : List.of("euler", "ddim", "dpm++2m")) {
            try (DiffusionPipeline pipeline = new DiffusionPipeline(bundle, Device.CPU, RenderSettings.defaults().withScheduler(name))) {
                assertThat(pipeline.sampler()).isEqualTo(name);
                images.add(png(pipeline.render(source, instruction, options(3, 42), null)));
            }
        }
        assertThat(images.get(0)).isNotEqualTo(images.get(1));
        assertThat(images.get(1)).isNotEqualTo(images.get(2));
    }

    @Test
    void concurrentRendersShareUNetCallsAndGiveTheSameImagesAsAlone() throws Exception {
        int n = 3;
        List<BufferedImage> sources = List.of(SampleImages.scene(64, 64, 4), SampleImages.scene(64, 64, 5), SampleImages.scene(64, 64, 6));
        List<byte[]> alone = new ArrayList<>();
        try (DiffusionPipeline single = new DiffusionPipeline(bundle, Device.CPU, RenderSettings.defaults().withBatching(1, Duration.ZERO))) {
            for (int i = 0; i < n; i++) {
                alone.add(png(single.render(sources.get(i), instruction, options(4, 100 + i), null)));
            }
            assertThat(single.unetStats().meanJobsPerCall()).isEqualTo(1.0);
        }
        // the renders start together and the batcher waits up to 2 s for a full batch, so a busy machine (a thread
        // scheduled late) still shares UNet calls; waiting longer never changes an image, only when it is ready
        try (DiffusionPipeline batched = new DiffusionPipeline(bundle, Device.CPU,
                RenderSettings.defaults().withBatching(n, Duration.ofSeconds(2)))) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CyclicBarrier start = new CyclicBarrier(n);
            try {
                List<Future<byte[]>> together = IntStream.range(0, n).mapToObj(k -> pool.submit(() -> {
                    start.await();
                    return png(batched.render(sources.get(k), instruction, options(4, 100 + k), null));
                })).toList();
                for (int i = 0; i < n; i++) {
                    assertThat(together.get(i).get()).as("request %d", i).isEqualTo(alone.get(i));
                }
            } finally {
                pool.shutdown();
            }
            UNetBatcher.Stats stats = batched.unetStats();
            assertThat(stats.jobs()).isEqualTo(3L * 4);
            assertThat(stats.calls()).isLessThan(stats.jobs());
        }
    }
}
