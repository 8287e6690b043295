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
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhancer service: config → fusion model and object store → the join topology on Kafka Streams
 * (exactly_once_v2) → health and metrics. Ready while the Streams app is RUNNING.
 */
public final class EnhancerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancerVerticle.class);
    private static final String SERVICE = Topics.ENHANCER;

    private volatile OnnxFuser fuser;
    private volatile ObjectStore store;
    private volatile KafkaStreams streams;
    private HttpServer server;

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, SERVICE, config())
                .map(EnhancerConfig::from)
                .compose(cfg -> vertx.executeBlocking(() -> open(cfg)))
                .compose(cfg -> ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, SERVICE, Map.<String, BooleanSupplier>of(
                        "streams", () -> streams != null && streams.state() == KafkaStreams.State.RUNNING)), cfg.httpPort()))
                .onSuccess(http -> {
                    server = http;
                    LOG.info("{} ready, http port {}", SERVICE, http.actualPort());
                })
                .recover(e -> vertx.executeBlocking(() -> {
                    closeResources();
                    return null;
                }).transform(v -> Future.failedFuture(e)));
    }

    private EnhancerConfig open(EnhancerConfig cfg) throws InterruptedException {
        store = ObjectStore.connect(cfg.storage());
        store.ensureBucket();
        fuser = new OnnxFuser(ModelBundle.load(cfg.bundle()), cfg.device(), store);
        TopicAdmin.ensureTopics(cfg.kafka(), List.of(Topics.GUIDANCE_PRODUCED.name(), Topics.CUES_EXTRACTED.name(),
                Topics.CONDITIONING_PRODUCED.name(), Topics.failed(SERVICE).name(), Topics.deadLetter(SERVICE)),
                cfg.partitions(), cfg.replication());
        Properties props = cfg.kafka().base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(cfg.replication()));
        streams = new KafkaStreams(EnhancerTopology.build(fuser, cfg.joinWindow()), props);
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("enhancer streams did not reach RUNNING (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
        LOG.info("{} joining guidance and cues within {} s (exactly_once_v2)", SERVICE, cfg.joinWindow().toSeconds());
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
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
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

    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }
}
