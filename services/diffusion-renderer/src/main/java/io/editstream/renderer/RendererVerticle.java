package io.editstream.renderer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.ModelFamily;
import io.editstream.service.ServiceHttp;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diffusion-renderer service: ConditioningProduced in, ImageRendered out. The config section
 * {@code render} ({@link RenderSettings}) picks the sampler, the micro-batching and how many requests
 * render side by side (one stage loop each, sharing the pipeline).
 */
public final class RendererVerticle extends StageVerticle<ConditioningProduced, ImageRendered> {
    private static final Logger LOG = LoggerFactory.getLogger(RendererVerticle.class);

    public RendererVerticle() {
        super(Topics.RENDERER, Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED, "renderer");
    }

    @Override
    protected Pipeline<ConditioningProduced, ImageRendered> open(StageSettings settings, ObjectStore store) {
        ModelBundle bundle = ModelBundle.load(settings.bundle());
        RenderSettings render = RenderSettings.from(settings.section("render"));
        EditRenderer pipeline = EditRenderer.open(bundle, settings.device(), render);
        LOG.info("{} model family: {}", service(), ModelFamily.describe(bundle));
        AutoCloseable meters = UNetMetrics.register(ServiceHttp.meterRegistry(), pipeline::unetStats);
        AutoCloseable model = () -> {
            meters.close();
            pipeline.close();
        };
        return new Pipeline<>(new RenderHandler(pipeline, store), model,
                "model " + bundle.name() + " " + bundle.version() + " (" + bundle.dir() + "), sampler " + pipeline.sampler()
                        + ", " + render.concurrency() + " concurrent, " + (pipeline.family() == RendererFamily.FLUX_KONTEXT ? "transformer" : "UNet")
                        + " batches up to " + render.maxBatch() + " within "
                        + render.maxDelay().toMillis() + " ms");
    }

    @Override
    protected int loops(StageSettings settings) {
        return RenderSettings.from(settings.section("render")).concurrency();
    }
}
