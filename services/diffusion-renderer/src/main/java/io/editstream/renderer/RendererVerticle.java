package io.editstream.renderer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.StageLoop;
import io.editstream.kafka.StageLoopConfig;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.service.ServiceConfigLoader;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diffusion-renderer service: config → diffusion pipeline and object store → stage loop
 * (ConditioningProduced in, ImageRendered out) → health and metrics.
 */
public final class RendererVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(RendererVerticle.class);
    private static final String SERVICE = Topics.RENDERER;

    private volatile DiffusionPipeline pipeline;
    private volatile ObjectStore store;
    private volatile StageLoop<ConditioningProduced, ImageRendered> loop;
    private HttpServer server;

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, SERVICE, config())
                .map(RendererConfig::from)
                .compose(cfg -> vertx.executeBlocking(() -> open(cfg)))
                .compose(cfg -> ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, SERVICE, Map.<String, BooleanSupplier>of(
                        "stage-loop", () -> loop != null && loop.isHealthy())), cfg.httpPort()))
                .onSuccess(http -> {
                    server = http;
                    LOG.info("{} ready, http port {}", SERVICE, http.actualPort());
                })
                .recover(e -> vertx.executeBlocking(() -> {
                    closeResources();
                    return null;
                }).transform(v -> Future.failedFuture(e)));
    }

    private RendererConfig open(RendererConfig cfg) {
        ModelBundle bundle = ModelBundle.load(cfg.bundle());
        pipeline = new DiffusionPipeline(bundle, cfg.device());
        store = ObjectStore.connect(cfg.storage());
        store.ensureBucket();
        TopicAdmin.ensureTopics(cfg.kafka(), List.of(Topics.CONDITIONING_PRODUCED.name(), Topics.IMAGE_RENDERED.name(),
                Topics.failed(SERVICE).name(), Topics.deadLetter(SERVICE)), cfg.partitions(), cfg.replication());
        loop = new StageLoop<>(StageLoopConfig.defaults(cfg.kafka(), SERVICE), Topics.CONDITIONING_PRODUCED,
                Topics.IMAGE_RENDERED, new RenderHandler(pipeline, store, bundle.name(), bundle.version()),
                ServiceHttp.meterRegistry());
        loop.start();
        LOG.info("{} rendering with {} ({}), sampler {}", SERVICE, bundle.name(), bundle.dir(), pipeline.sampler());
        return cfg;
    }

    @Override
    public Future<?> stop() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> vertx.executeBlocking(() -> {
            closeResources();
            return null;
        }));
    }

    private synchronized void closeResources() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }
}
