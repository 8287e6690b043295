package io.editstream.gateway;

import io.editstream.benchmark.BenchmarkApi;
import io.editstream.benchmark.BenchmarkView;
import io.editstream.benchmark.RatingPublisher;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.kafka.ViewProperties;
import io.editstream.service.ServiceConfigLoader;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway service: config → topics, object store, producers, status and benchmark views → HTTP API,
 * web pages (edits, human rating), health and metrics. It is ready when the status view is RUNNING, the producer reaches the cluster and
 * the bucket answers. All rules live in the classes it wires together.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    private GatewayConfig config;
    private ObjectStore store;
    private EditSubmitter submitter;
    private StatusView view;
    private BenchmarkView benchmarks;
    private RatingPublisher ratings;
    private Path uploadsDir;
    private HttpServer server;

    public GatewayVerticle() {
    }

    @Override
    public Future<?> start() {
        return ServiceConfigLoader.load(vertx, "gateway", config())
                .map(GatewayConfig::from)
                .compose(cfg -> vertx.executeBlocking(() -> connect(cfg)))
                .compose(v -> {
                    Router router = ServiceHttp.baseRouter(vertx, "gateway", Map.<String, BooleanSupplier>of(
                            "status-view", view::running, "kafka-producer", submitter::connected, "s3-bucket", store::reachable,
                            "benchmark-view", benchmarks::running));
                    new EditApi(vertx, config, submitter, view, store).mount(router, uploadsDir);
                    new BenchmarkApi(vertx, benchmarks, ratings, store).mount(router);
                    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
                    return ServiceHttp.listen(vertx, router, config.httpPort());
                })
                .onSuccess(s -> {
                    server = s;
                    LOG.info("gateway serving http://localhost:{}/ (API /v1/edits)", s.actualPort());
                })
                .onFailure(e -> vertx.executeBlocking(() -> {
                    // a failed start gets no stop(): release what was opened so far here
                    release();
                    return null;
                }));
    }

    private Void connect(GatewayConfig cfg) throws Exception {
        this.config = cfg;
        TopicAdmin.ensureTopics(cfg.kafka(), Topics.all(), cfg.partitions(), cfg.replication());
        store = ObjectStore.connect(cfg.storage());
        store.ensureBucket();
        submitter = new EditSubmitter(cfg.kafka(), store);
        view = new StatusView(cfg);
        view.start(Duration.ofSeconds(60));
        ratings = new RatingPublisher(cfg.kafka());
        benchmarks = new BenchmarkView(ViewProperties.of(cfg.kafka(), cfg.streamsApplicationId() + "-benchmarks", cfg.replication()),
                cfg.streamsStateDir()).start(Duration.ofSeconds(60));
        uploadsDir = Files.createTempDirectory("editstream-uploads");
        return null;
    }

    /** The port the API is served on (useful when configured as 0); -1 before start. */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.compose(v -> vertx.executeBlocking(() -> {
            release();
            return null;
        }));
    }

    private void release() {
        if (benchmarks != null) {
            benchmarks.close();
        }
        if (ratings != null) {
            ratings.close();
        }
        if (view != null) {
            view.close();
        }
        if (submitter != null) {
            submitter.close();
        }
        if (store != null) {
            store.close();
        }
        if (uploadsDir != null) {
            try (Stream<Path> paths = Files.walk(uploadsDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("cannot remove the uploads folder {}: {}", uploadsDir, e.toString());
            }
        }
    }
}
