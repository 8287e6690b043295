package io.editstream.scorer;

import io.editstream.events.EditScored;
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
 * The scorer service: ImageRendered in, EditScored out. Start-up loads the model bundle and
 * connects storage on a worker thread (both block), makes sure its topics and the bucket exist, starts
 * the stage loop on its own thread and only then opens the health and metrics endpoints, so a ready probe
 * never passes before records can flow. Stop closes the loop first (the record in hand finishes), then
 * the model and the store.
 */
public class ScorerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerVerticle.class);
    private static final String SERVICE = Topics.SCORER;

    private volatile Scorer scorer;
    private volatile ObjectStore store;
    private volatile StageLoop<ImageRendered, EditScored> loop;
    private HttpServer server;

    public ScorerVerticle() {
    }

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, SERVICE, config())
                .compose(json -> vertx.executeBlocking(() -> openPipeline(ScorerConfig.from(json))))
                .compose(cfg -> {
                    Map<String, BooleanSupplier> checks = Map.of("stage-loop", () -> loop != null && loop.isHealthy());
                    return ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, SERVICE, checks), cfg.httpPort());
                })
                .onSuccess(http -> {
                    server = http;
                    LOG.info("{} ready: model {} {} on {}, http port {}", SERVICE, scorer.modelId(),
                            scorer.modelVersion(), scorer.provider(), http.actualPort());
                })
                .recover(e -> {
                    LOG.error("{} failed to start: {}", SERVICE, e.toString());
                    return vertx.executeBlocking(() -> {
                        closeResources();
                        return null;
                    }).transform(closed -> Future.failedFuture(e));
                });
    }

    private ScorerConfig openPipeline(ScorerConfig cfg) {
        ModelBundle bundle = ModelBundle.load(cfg.bundle());
        scorer = Scorer.load(bundle, cfg.device());
        store = ObjectStore.connect(cfg.storage());
        store.ensureBucket();
        TopicAdmin.ensureTopics(cfg.kafka(), List.of(Topics.IMAGE_RENDERED.name(), Topics.EDIT_SCORED.name(),
                Topics.failed(SERVICE).name(), Topics.deadLetter(SERVICE)), cfg.partitions(), cfg.replication());
        loop = new StageLoop<>(StageLoopConfig.defaults(cfg.kafka(), SERVICE), Topics.IMAGE_RENDERED,
                Topics.EDIT_SCORED, new ScorerHandler(scorer, store), ServiceHttp.meterRegistry());
        loop.start();
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

    /** Closes whatever was opened, loop first so no record is mid-flight when the model goes. */
    private synchronized void closeResources() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** The HTTP port the health and metrics endpoints listen on, once started. */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Input records this instance has answered (output or failure committed); for tests and local mode. */
    public long processedCount() {
        StageLoop<?, ?> current = loop;
        return current == null ? 0 : current.processedCount();
    }
}
