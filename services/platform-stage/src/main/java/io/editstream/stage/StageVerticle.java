package io.editstream.stage;

import io.editstream.kafka.StageHandler;
import io.editstream.kafka.StageLoop;
import io.editstream.kafka.StageLoopConfig;
import io.editstream.kafka.Topic;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceConfigLoader;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model stage as a service: config → model and object store (on a worker: both block) → its topics
 * and bucket → the stage loop on its own thread → health and metrics, so a ready probe never passes
 * before records can flow. Stop closes the loop first (the record in hand finishes), then the model and
 * the store. A subclass only says which topics it joins and opens its handler.
 */
public abstract class StageVerticle<I extends SpecificRecord, O extends SpecificRecord> extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(StageVerticle.class);

    /** What a stage opens at start-up: its handler, the model behind it (closed on stop) and a line for the log. */
    public record Pipeline<I extends SpecificRecord, O extends SpecificRecord>(StageHandler<I, O> handler,
                                                                                 AutoCloseable model, String description) {
    }

    private final String service;
    private final Topic<I> input;
    private final Topic<O> output;
    private final String defaultBundle;
    private volatile Pipeline<I, O> pipeline;
    private volatile ObjectStore store;
    private volatile List<StageLoop<I, O>> loops = List.of();
    private HttpServer server;

    protected StageVerticle(String service, Topic<I> input, Topic<O> output, String defaultBundle) {
        this.service = service;
        this.input = input;
        this.output = output;
        this.defaultBundle = defaultBundle;
    }

    /** Loads the model and builds the handler; runs on a worker thread. */
    protected abstract Pipeline<I, O> open(StageSettings settings, ObjectStore store) throws Exception;

    /**
     * How many stage loops (consumers of the group, one record at a time each) share the handler; more than one
     * lets a handler that batches across calls, like the renderer's, see requests side by side. The handler
     * must then be thread-safe.
     */
    protected int loops(StageSettings settings) {
        return 1;
    }

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, service, config())
                .compose(json -> vertx.executeBlocking(() -> openAll(StageSettings.from(json, defaultBundle))))
                .compose(settings -> {
                    Map<String, BooleanSupplier> checks = Map.of("stage-loop",
                            () -> !loops.isEmpty() && loops.stream().allMatch(StageLoop::isHealthy));
                    return ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, service, checks), settings.httpPort());
                })
                .onSuccess(http -> {
                    server = http;
                    LOG.info("{} ready: {}, http port {}", service, pipeline.description(), http.actualPort());
                })
                .recover(e -> {
                    LOG.error("{} failed to start: {}", service, e.toString());
                    return vertx.executeBlocking(() -> {
                        closeResources();
                        return null;
                    }).transform(closed -> Future.failedFuture(e));
                });
    }

    private StageSettings openAll(StageSettings settings) throws Exception {
        store = ObjectStore.connect(settings.storage());
        pipeline = open(settings, store);
        store.ensureBucket();
        TopicAdmin.ensureTopics(settings.kafka(), List.of(input.name(), output.name(), Topics.failed(service).name(),
                Topics.deadLetter(service)), settings.partitions(), settings.replication());
        List<StageLoop<I, O>> started = new ArrayList<>();
        for (int i = 0; i < loops(settings); i++) {
            StageLoop<I, O> loop = new StageLoop<>(StageLoopConfig.defaults(settings.kafka(), service), input, output,
                    pipeline.handler(), ServiceHttp.meterRegistry());
            started.add(loop);
            loops = List.copyOf(started);
            loop.start();
        }
        return settings;
    }

    @Override
    public Future<?> stop() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> vertx.executeBlocking(() -> {
            closeResources();
            return null;
        }));
    }

    private synchronized void closeResources() throws Exception {
        List<StageLoop<I, O>> running = loops;
        loops = List.of();
        running.forEach(StageLoop::close);
        if (pipeline != null) {
            pipeline.model().close();
            pipeline = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** The HTTP port the health and metrics endpoints listen on, once started (-1 before). */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Input records this instance has answered (output or failure committed). */
    public long processedCount() {
        return loops.stream().mapToLong(StageLoop::processedCount).sum();
    }
}
