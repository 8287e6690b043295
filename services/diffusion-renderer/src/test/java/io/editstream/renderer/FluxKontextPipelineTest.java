package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.events.EditOptions;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FLUX.1 Kontext path on {@code models/fixtures/flux-kontext-tiny}, pinned to {@code models/scripts/kontext_reference.py}
 * (diffusers' FluxKontextPipeline restated in torch on the same networks, with Java's noise and image conversion restated):
 * the prompt through both text encoders, the reference latents, the schedule, every step's latents, the decoder's pixels and
 * the 8-bit image. ORT and torch differ by about 1e-5 per call, so values are compared to 1e-4 and pixels to ±1.
 */
class FluxKontextPipelineTest {
    private static final double TOLERANCE = 1e-4;
    private static JsonNode reference;
    private static ModelBundle bundle;
    private static FluxKontextPipeline pipeline;
    private static EditRenderer.Conditioning conditioning;
    private static BufferedImage source;

    @BeforeAll
    static void load() throws Exception {
        Path folder = Bundles.locate("reference");
        reference = new ObjectMapper().readTree(folder.resolve("flux-kontext.json").toFile());
        bundle = ModelBundle.load(Bundles.locate("flux-kontext-tiny"));
        source = ImageTensors.decode(Files.readAllBytes(folder.resolve("kontext-source.png")));
        try (FluxTextEncoders text = FluxTextEncoders.load(bundle, Device.CPU)) {
            FluxTextEncoders.Encoded encoded = text.encode(reference.path("inputs").path("prompt").asText());
            conditioning = new EditRenderer.Conditioning(encoded.sequence(), encoded.pooled());
        }
        pipeline = new FluxKontextPipeline(bundle, Device.CPU, RenderSettings.defaults().withBatching(2, Duration.ofSeconds(2)));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static EditOptions options(int seed, float guidance) {
        return EditOptions.newBuilder().setSteps(reference.path("inputs").path("steps").asInt()).setSeed(seed).setTextGuidance(guidance).build();
    }

    private static EditOptions referenceOptions() {
        JsonNode in = reference.path("inputs");
        return options(in.path("seed").asInt(), (float) in.path("guidance").asDouble());
    }

    @Test
    void theTextSideGivesTheReferencesConditioning() {
        assertThat(conditioning.sequence().shape()).containsExactly(512, 32);
        assertClose(conditioning.pooled().data(), reference.path("pooledPromptEmbeds"));
        JsonNode embeds = reference.path("promptEmbeds");
        float[] sequence = conditioning.sequence().data();
        assertThat(sum(sequence, false)).isCloseTo(embeds.path("sum").asDouble(), within(1e-2));
        assertThat(sum(sequence, true)).isCloseTo(embeds.path("sumSquares").asDouble(), within(1e-1));
        JsonNode rows = embeds.path("firstRows");
        for (int r = 0; r < rows.size(); r++) {
            float[] row = new float[32];
            System.arraycopy(sequence, r * 32, row, 0, 32);
            assertClose(row, rows.get(r));
        }
    }

    @Test
    void sizesAndScheduleAreTheReferences() {
        RenderSize size = pipeline.renderSize(source.getWidth(), source.getHeight());
        assertThat(size).isEqualTo(new RenderSize(64, 48));
        assertThat(pipeline.outputSize(size)).isEqualTo(size);
        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(FlowMatchConfig.kontextDev());
        float[] timesteps = scheduler.setKontextTimesteps(4, 12);
        assertClose(timesteps, reference.path("timesteps"));
        assertClose(scheduler.sigmas(), reference.path("sigmas"));
    }

    @Test
    void theRenderIsTheReferencesToOneInTenThousand() throws Exception {
        FluxKontextPipeline.Result result = pipeline.sample(source, conditioning, referenceOptions(), null);
        assertThat(result.size()).isEqualTo(new RenderSize(64, 48));
        assertClose(result.packedLatents(), reference.path("finalLatents").path("values"));
        assertThat(result.pixels().shape()).containsExactly(1, 3, 48, 64);
        assertClose(result.pixels().data(), reference.path("decoded").path("values"));

        BufferedImage expected = ImageTensors.decode(Files.readAllBytes(Bundles.locate("reference").resolve("kontext-expected.png")));
        int worst = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int a = result.decoded().getRGB(x, y);
                int b = expected.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)));
                }
            }
        }
        assertThat(worst).as("largest 8-bit difference to kontext-expected.png").isLessThanOrEqualTo(1);
        assertThat(pipeline.renderMeasured(source, conditioning, referenceOptions(), null).image().getWidth()).isEqualTo(64);
    }

    @Test
    void everyInputMovesTheImage() {
        BufferedImage base = pipeline.render(source, conditioning, referenceOptions(), null);
        assertThat(differs(base, pipeline.render(source, conditioning, options(43, 2.5f), null))).as("seed").isTrue();
        assertThat(differs(base, pipeline.render(source, conditioning, options(42, 4.0f), null))).as("guidance").isTrue();
        float[] pooled = conditioning.pooled().data().clone();
        pooled[0] += 1f;
        EditRenderer.Conditioning other = new EditRenderer.Conditioning(conditioning.sequence(),
                new io.editstream.onnx.FloatTensor(conditioning.pooled().shape(), pooled));
        assertThat(differs(base, pipeline.render(source, other, referenceOptions(), null))).as("pooled projection").isTrue();
    }

    @Test
    void concurrentRendersShareTransformerCallsAndGiveTheSameImagesAsAlone() throws Exception {
        List<EditOptions> requests = List.of(referenceOptions(), options(7, 3.5f));
        List<BufferedImage> alone = new ArrayList<>();
        for (EditOptions o : requests) {
            alone.add(pipeline.render(source, conditioning, o, null));
        }
        UNetBatcher.Stats before = pipeline.unetStats();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        try {
            List<Future<BufferedImage>> together = new ArrayList<>();
            for (EditOptions o : requests) {
                together.add(pool.submit(() -> {
                    start.await();
                    return pipeline.render(source, conditioning, o, null);
                }));
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(differs(together.get(i).get(), alone.get(i))).as("render %d batched vs alone", i).isFalse();
            }
        } finally {
            pool.shutdown();
        }
        UNetBatcher.Stats batched = pipeline.unetStats().minus(before);
        assertThat(batched.jobs()).isEqualTo(8);
        assertThat(batched.calls()).as("4 steps of 2 renders in fewer than 8 transformer calls").isLessThan(8);
    }

    private static boolean differs(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double sum(float[] values, boolean squares) {
        double s = 0;
        for (float v : values) {
            s += squares ? (double) v * v : v;
        }
        return s;
    }

    private static void assertClose(float[] actual, JsonNode expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected.get(i).asDouble(), within(TOLERANCE));
        }
    }
}
