package io.editstream.local;

import io.editstream.cueextractor.CueExtractor;
import io.editstream.cueextractor.CueOptions;
import io.editstream.cueextractor.PhraseExtractor;
import io.editstream.cueextractor.RegionProposer;
import io.editstream.cueextractor.RegionSources;
import io.editstream.enhancer.EnhancerConfig;
import io.editstream.enhancer.FusionModel;
import io.editstream.events.EditOptions;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.reasoner.Reasoner;
import io.editstream.reasoner.Reasoning;
import io.editstream.renderer.DiffusionPipeline;
import io.editstream.renderer.RenderSettings;
import io.editstream.renderer.UNetBatcher;
import io.editstream.scorer.Scorer;
import io.editstream.service.ServiceConfigLoader;
import io.editstream.stage.StageSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The pipeline's models called in-process, with no Kafka and no S3: decode, reason, extract cues, fuse, render,
 * score, the images and tensors handed over in memory. Each model is opened from the same merged config its stage
 * reads ({@link #stageConfigs}), with the same classes the stage verticles open, so a throughput gap between this and
 * the pipeline is the plumbing's. Thread-safe: concurrent renders share UNet calls as the renderer's loops do. Each
 * step's CPU time on the calling thread is counted per stage ({@link #cpuNanos}); the UNet runs on the renderer's
 * batcher thread, which a thread-name census ({@link StageCpu}) attributes to the renderer.
 */
public final class DirectPipeline implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One scored edit: the rendered image and the scores of the output and of the copy-the-input baseline. */
    public record Edit(BufferedImage output, Reasoning reasoning, Scorer.Scores scores) {
    }

    private final Reasoner reasoner;
    private final CueExtractor cues;
    private final FusionModel fusion;
    private final DiffusionPipeline renderer;
    private final Scorer scorer;
    private final Map<Stage, LongAdder> cpu = new EnumMap<>(Stage.class);

    private DirectPipeline(Reasoner reasoner, CueExtractor cues, FusionModel fusion, DiffusionPipeline renderer, Scorer scorer) {
        this.reasoner = reasoner;
        this.cues = cues;
        this.fusion = fusion;
        this.renderer = renderer;
        this.scorer = scorer;
        for (Stage stage : Stage.values()) {
            cpu.put(stage, new LongAdder());
        }
    }

    /** Each stage's merged config (defaults, models folder, EDITSTREAM_CONFIG, environment, then {@code stageConfig}). */
    public static Map<Stage, JsonObject> stageConfigs(JsonObject stageConfig) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Map<Stage, JsonObject> configs = new EnumMap<>(Stage.class);
            for (Stage stage : Stage.values()) {
                configs.put(stage, ServiceConfigLoader.load(vertx, stage.service(), stageConfig).toCompletionStage()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS));
            }
            return configs;
        } finally {
            vertx.close();
        }
    }

    /** Opens every model as its stage verticle does from {@code configs}; the learned fusion and onnx reasoner only. */
    public static DirectPipeline open(Map<Stage, JsonObject> configs) {
        StageSettings reasoning = StageSettings.from(configs.get(Stage.REASONER), "reasoner");
        StageSettings cueing = StageSettings.from(configs.get(Stage.CUE_EXTRACTOR), "clip");
        EnhancerConfig enhancing = EnhancerConfig.from(configs.get(Stage.ENHANCER));
        StageSettings rendering = StageSettings.from(configs.get(Stage.RENDERER), "renderer");
        StageSettings scoring = StageSettings.from(configs.get(Stage.SCORER), "clip");
        if (!reasoning.reasonerBackend().equals("onnx") || enhancing.textEncoderMode()) {
            throw new UserError("the direct loop runs the in-process models only: reasoner.backend onnx and fusion.mode learned");
        }
        try (Closer opened = new Closer()) {
            Reasoner reasoner = opened.keep(Reasoner.load(ModelBundle.load(reasoning.bundle()), reasoning.device(),
                    reasoning.section("reasoner").getInteger("maxDecodeTokens", 0)));
            CueOptions options = CueOptions.from(cueing.section("cues"));
            RegionProposer regions = opened.keep(RegionSources.open(cueing.section("cues"), options, cueing.device()));
            CueExtractor cues = opened.keep(CueExtractor.load(ModelBundle.load(cueing.sectionBundle("clip")), cueing.device(),
                    regions, PhraseExtractor.withDefaultLexicon(options.maxTextCues())));
            opened.forget(regions);   // the cue extractor closes its region source
            FusionModel fusion = opened.keep(new FusionModel(ModelBundle.load(enhancing.stage().bundle()), enhancing.stage().device()));
            DiffusionPipeline renderer = opened.keep(new DiffusionPipeline(ModelBundle.load(rendering.bundle()), rendering.device(),
                    RenderSettings.from(rendering.section("render"))));
            Scorer scorer = opened.keep(Scorer.load(ModelBundle.load(scoring.sectionBundle("clip")), scoring.device()));
            opened.release();
            return new DirectPipeline(reasoner, cues, fusion, renderer, scorer);
        }
    }

    /** One edit of {@code png} (the uploaded bytes) by {@code instruction}, end to end in memory. */
    public Edit run(String requestId, byte[] png, String instruction, EditOptions options) {
        BufferedImage source = timed(Stage.GATEWAY, () -> ImageTensors.decode(png));
        Reasoning reasoning = timed(Stage.REASONER, () -> reasoner.reason(source, instruction));
        CueExtractor.Cues extracted = timed(Stage.CUE_EXTRACTOR, () -> cues.extract(source, instruction));
        FloatTensor g = reasoning.guidance();   // [1, G, D]; the reasoner stage stores it without the batch axis
        FloatTensor guidance = new FloatTensor(new long[] {g.shape()[1], g.shape()[2]}, g.data());
        FloatTensor conditioning = timed(Stage.ENHANCER, () -> fusion.fuse(guidance, extracted.cues(), requestId));
        BufferedImage output = timed(Stage.RENDERER, () -> renderer.renderMeasured(source, conditioning, options, null).image());
        // outside benchmarks CLIP-T reads the reasoner's explicit instruction, as the scorer stage does
        Scorer.Scores scores = timed(Stage.SCORER, () -> scorer.score(source, output, null, reasoning.explicitInstruction()));
        return new Edit(output, reasoning, scores);
    }

    /** The renderer's UNet micro-batcher counters so far. */
    public UNetBatcher.Stats unetStats() {
        return renderer.unetStats();
    }

    /** CPU time spent so far on the calling threads per stage (the gateway's entry is decoding the upload). */
    public Map<Stage, Long> cpuNanos() {
        Map<Stage, Long> out = new EnumMap<>(Stage.class);
        cpu.forEach((stage, adder) -> out.put(stage, adder.sum()));
        return out;
    }

    private <T> T timed(Stage stage, Supplier<T> step) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        try {
            return step.get();
        } finally {
            cpu.get(stage).add(THREADS.getCurrentThreadCpuTime() - t0);
        }
    }

    @Override
    public void close() {
        try (Closer models = new Closer()) {
            models.keep(reasoner);
            models.keep(cues);
            models.keep(fusion);
            models.keep(renderer);
            models.keep(scorer);
        }
    }
}
