package io.editstream.enhancer;

import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.service.ServiceConfigLoader;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhancer service: config → fusion model and object store → topics → the join topology on Kafka
 * Streams (exactly_once_v2) → health and metrics. Everything that blocks (model load, S3, topic creation,
 * waiting for RUNNING, closing Streams) runs on a worker thread; the HTTP endpoints open only once Streams
 * is RUNNING, and readiness stays tied to that state. Stop closes Streams first, then the model and store.
 */
public class EnhancerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancerVerticle.class);
    private static final String SERVICE = EnhancerEvents.STAGE;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private volatile Fuser.Loaded fuser;
    private volatile ObjectStore store;
    private volatile KafkaStreams streams;
    private HttpServer server;

    public EnhancerVerticle() {
    }

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, SERVICE, config())
                .compose(json -> vertx.executeBlocking(() -> open(EnhancerConfig.from(json))))
                .compose(cfg -> {
                    Map<String, BooleanSupplier> checks = Map.of("streams", this::running);
                    return ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, SERVICE, checks), cfg.httpPort());
                })
                .onSuccess(http -> {
                    server = http;
                    LOG.info("{} ready, http port {}", SERVICE, http.actualPort());
                })
                .recover(e -> {
                    LOG.error("{} failed to start: {}", SERVICE, e.toString());
                    return vertx.executeBlocking(() -> {
                        closeResources();
                        return null;
                    }).transform(closed -> Future.failedFuture(e));
                });
    }

    private EnhancerConfig open(EnhancerConfig cfg) throws InterruptedException, ExecutionException {
        ModelBundle bundle = ModelBundle.load(cfg.bundle());
        store = ObjectStore.connect(cfg.storage());
        store.ensureBucket();
        fuser = cfg.textEncoderMode() ? new TextEncoderFuser(bundle, cfg.device(), store) : new OnnxFuser(bundle, cfg.device(), store);
        TopicAdmin.ensureTopics(cfg.kafka(), List.of(Topics.GUIDANCE_PRODUCED.name(), Topics.CUES_EXTRACTED.name(),
                Topics.CONDITIONING_PRODUCED.name(), Topics.failed(SERVICE).name(), Topics.deadLetter(SERVICE)),
                cfg.partitions(), cfg.replication());
        CompletableFuture<Void> running = new CompletableFuture<>();
        KafkaStreams app = new KafkaStreams(EnhancerTopology.build(cfg, fuser), EnhancerTopology.streamsProperties(cfg));
        app.setStateListener((now, before) -> {
            LOG.info("{} streams {} -> {}", SERVICE, before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.complete(null);
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                running.completeExceptionally(new IllegalStateException(SERVICE + " streams stopped in state " + now));
            }
        });
        streams = app;
        app.start();
        try {
            running.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(SERVICE + " streams not RUNNING after " + START_TIMEOUT.toSeconds()
                    + " s (state " + app.state() + ")", e);
        }
        LOG.info("{} joining guidance and cues within {} s, {} with model {} {} on {} (exactly_once_v2, application.id {})",
                SERVICE, EnhancerEvents.seconds(cfg.joinWindow()), cfg.textEncoderMode() ? "CLIP text encoder of the explicit instruction"
                        : "learned fusion", bundle.name(), bundle.version(), fuser.provider(),
                cfg.applicationId());
        return cfg;
    }

    private boolean running() {
        KafkaStreams current = streams;
        return current != null && current.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public Future<?> stop() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> vertx.executeBlocking(() -> {
            closeResources();
            return null;
        }));
    }

    /** Streams first, so no fusion is mid-flight when the model and the store go. */
    private synchronized void closeResources() {
        if (streams != null) {
            if (!streams.close(CLOSE_TIMEOUT)) {
                LOG.warn("{} streams did not close within {} s", SERVICE, CLOSE_TIMEOUT.toSeconds());
            }
            streams = null;
        }
        if (fuser != null) {
            fuser.close();
            fuser = null;
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
}
