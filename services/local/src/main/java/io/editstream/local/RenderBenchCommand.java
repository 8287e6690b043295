package io.editstream.local;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ModelBundle;
import io.editstream.renderer.EditRenderer;
import io.editstream.renderer.RenderSettings;
import io.editstream.renderer.RenderSize;
import io.editstream.renderer.RendererFamily;
import io.editstream.renderer.UNetBatcher;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The renderer's model cost without Kafka or S3: per-step denoiser time (the InstructPix2Pix UNet or the FLUX
 * transformer) and seconds per edit at a given size and step count (requests one after another), then the same N
 * concurrent requests with micro-batching off (max batch 1) and on (max batch N), whose throughput ratio is the gain
 * of batching. All in one run, on one pipeline configuration, so the ratios compare like with like. The prompt is
 * encoded once by the bundle's own text side (CLIP; for FLUX, T5 and CLIP's pooled projection), which is released
 * before the denoiser loads, as {@code render.offloadTextEncoders} does in the enhancer.
 */
@Command(name = "render-bench", mixinStandardHelpOptions = true,
        description = {"Renderer benchmark: UNet ms per step, seconds per edit, and the throughput gain of micro-batching",
            "(N concurrent requests with max batch 1 vs max batch N). Defaults to the committed Optimum fixture, offline."})
public final class RenderBenchCommand implements Callable<Integer> {
    @Option(names = "--bundle", description = "Renderer bundle folder (Optimum layout, InstructPix2Pix or FLUX.1 Kontext family;"
            + " default: models/fixtures/instruct-pix2pix-tiny).")
    Path bundle;

    @Option(names = "--size", defaultValue = "64", description = "Long side in pixels, a multiple of 64 (default: ${DEFAULT-VALUE});"
            + " FLUX bundles with autoResize use Kontext's preferred resolution instead.")
    int size;

    @Option(names = "--steps", defaultValue = "20", description = "Denoising steps per edit (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "4", description = "Concurrent requests and max UNet batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rounds", defaultValue = "2", description = "Measured rounds per mode (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--max-delay-ms", defaultValue = "10", description = "Longest wait for a fuller batch (default: ${DEFAULT-VALUE}).")
    long maxDelayMs;

    @Option(names = "--scheduler", defaultValue = "", description = "Sampler override: euler-ancestral, euler, ddim, dpm++2m.")
    String scheduler;

    @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    PrintStream out = System.out;

    /** What one mode measured. */
    record Run(int edits, double seconds, UNetBatcher.Stats unet) {
        double editsPerSecond() {
            return edits / seconds;
        }

        double unetMsPerCall() {
            return unet.calls() == 0 ? 0 : unet.nanos() / 1e6 / unet.calls();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || steps < 1 || rounds < 1 || size < 64) {
            throw new IllegalArgumentException("--batch, --steps and --rounds must be positive and --size at least 64");
        }
        ModelBundle model = ModelBundle.load(bundle != null ? bundle : Bundles.locate("instruct-pix2pix-tiny"));
        Device where = Device.parse(device);
        EditRenderer.Conditioning conditioning = conditioning(model, where, "make it look like night");
        RenderSettings base = new RenderSettings(scheduler, 1, Duration.ZERO, 1, size);
        BufferedImage source = source(size);
        Run alone;
        Run unbatched;
        Run batched;
        String sampler;
        String provider;
        RenderSize pixels;
        try (EditRenderer pipeline = EditRenderer.open(model, where, base)) {
            pixels = pipeline.renderSize(size, size);
            sampler = pipeline.sampler();
            provider = where.name();
            run(pipeline, source, conditioning, 1, 1);   // warm-up: first calls allocate and JIT
            alone = run(pipeline, source, conditioning, 1, rounds);
            unbatched = run(pipeline, source, conditioning, batch, rounds);
        }
        try (EditRenderer pipeline = EditRenderer.open(model, where, base.withBatching(batch, Duration.ofMillis(maxDelayMs)))) {
            run(pipeline, source, conditioning, batch, 1);
            batched = run(pipeline, source, conditioning, batch, rounds);
        }
        String denoiser = RendererFamily.of(model) == RendererFamily.FLUX_KONTEXT ? "transformer" : "UNet";
        out.printf(Locale.ROOT, "render-bench: %s %s (%s, %s family), %dx%d px, %d steps, sampler %s, device %s%n", model.name(),
                model.version(), model.dir(), RendererFamily.of(model).id(), pixels.width(), pixels.height(), steps, sampler, provider);
        out.printf(Locale.ROOT, "one at a time       : " + denoiser + " %.1f ms per step (%d rows), %.3f s per edit end to end%n",
                alone.unetMsPerCall(), alone.unet().rows() / Math.max(1, alone.unet().calls()), alone.seconds() / alone.edits());
        out.printf(Locale.ROOT, "%d concurrent, batch 1: %.2f edits/s, " + denoiser + " %.1f ms per call, %.2f requests per call, queued %.1f ms per step%n",
                batch, unbatched.editsPerSecond(), unbatched.unetMsPerCall(), unbatched.unet().meanJobsPerCall(),
                unbatched.unet().meanQueueMillis());
        out.printf(Locale.ROOT, "%d concurrent, batch %d: %.2f edits/s, " + denoiser + " %.1f ms per call, %.2f requests per call, queued %.1f ms per step%n",
                batch, batch, batched.editsPerSecond(), batched.unetMsPerCall(), batched.unet().meanJobsPerCall(),
                batched.unet().meanQueueMillis());
        out.printf(Locale.ROOT, "micro-batching gain: %.2fx throughput (batch %d vs batch 1); %.2fx vs one at a time%n",
                batched.editsPerSecond() / unbatched.editsPerSecond(), batch, batched.editsPerSecond() / alone.editsPerSecond());
        return 0;
    }

    /** {@code concurrent} requests at a time, {@code rounds} times; the UNet counters are the difference over the run. */
    private Run run(EditRenderer pipeline, BufferedImage source, EditRenderer.Conditioning conditioning, int concurrent, int rounds)
            throws Exception {
        UNetBatcher.Stats before = pipeline.unetStats();
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        long t0 = System.nanoTime();
        try {
            for (int r = 0; r < rounds; r++) {
                List<Future<BufferedImage>> edits = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    EditOptions options = EditOptions.newBuilder().setSteps(steps).setSeed(42 + i).build();
                    edits.add(pool.submit(() -> pipeline.render(source, conditioning, options, null)));
                }
                for (Future<BufferedImage> edit : edits) {
                    edit.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(concurrent * rounds, seconds, pipeline.unetStats().minus(before));
    }

    /** The prompt through the bundle's own text side, whose models are closed again before the denoiser loads. */
    private static EditRenderer.Conditioning conditioning(ModelBundle model, Device where, String prompt) {
        if (RendererFamily.of(model) == RendererFamily.FLUX_KONTEXT) {
            try (FluxTextEncoders text = FluxTextEncoders.load(model, where)) {
                FluxTextEncoders.Encoded encoded = text.encode(prompt);
                return new EditRenderer.Conditioning(encoded.sequence(), encoded.pooled());
            }
        }
        try (ClipTextEncoder text = ClipTextEncoder.load(model, where)) {
            return EditRenderer.Conditioning.of(text.encode(prompt));
        }
    }

    /** A fixed synthetic scene (sky, table, red ball), so runs compare without sample files. */
    private static BufferedImage source(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(140, 180, 230));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(150, 100, 60));
        g.fillRect(0, size * 2 / 3, size, size / 3);
        g.setColor(Color.RED);
        g.fillOval(size / 3, size / 2, size / 4, size / 4);
        g.dispose();
        return image;
    }
}
