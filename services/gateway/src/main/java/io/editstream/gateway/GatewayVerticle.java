package io.editstream.gateway;

import io.editstream.benchmark.BenchmarkApi;
import io.editstream.benchmark.BenchmarkView;
import io.editstream.benchmark.RatingPublisher;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.kafka.ViewProperties;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The gateway service: config → topics, object store, producer, status view (pushing to its followers) and the
 * benchmark module's view and rating publisher → the edit API, the benchmark routes, the web pages, health and
 * metrics. It is ready when both views are RUNNING, the producer reaches the cluster and the bucket answers. All
 * rules live in the classes it wires together.
 */
public final class GatewayVerticle extends ServiceVerticle {
    private static final Duration VIEW_START = Duration.ofSeconds(60);

    private GatewayConfig config;
    private ObjectStore store;
    private EditSubmitter submitter;
    private StatusView view;
    private final StatusListeners listeners = new StatusListeners();
    private BenchmarkView benchmarks;
    private RatingPublisher ratings;
    private TempFolder uploads;

    public GatewayVerticle() {
        super("gateway");
    }

    @Override
    protected Opened open(JsonObject json) throws Exception {
        GatewayConfig cfg = GatewayConfig.from(json);
        config = cfg;
        // the status view advertises host:port to the other replicas before the server listens, so port 0 is chosen here
        int port = cfg.httpPort() != 0 ? cfg.httpPort() : freePort();
        TopicAdmin.ensureTopics(cfg.kafka(), Topics.all(), cfg.partitions(), cfg.replication());
        store = own(ObjectStore.connect(cfg.storage()));
        store.ensureBucket();
        submitter = own(new EditSubmitter(cfg.kafka(), store));
        view = own(new StatusView(cfg, new HostInfo(cfg.advertisedHost(), port), listeners)).start(VIEW_START);
        ratings = own(new RatingPublisher(cfg.kafka()));
        benchmarks = own(new BenchmarkView(ViewProperties.of(cfg.kafka(), cfg.streamsApplicationId() + "-benchmarks",
                cfg.replication(), cfg.instanceId()), cfg.streamsStateDir())).start(VIEW_START);
        uploads = own(new TempFolder("editstream-uploads"));
        return new Opened(port, Map.of("status-view", view::running, "kafka-producer", submitter::connected,
                "s3-bucket", store::reachable, "benchmark-view", benchmarks::running),
                "API http://" + cfg.advertisedHost() + ":" + port + "/v1/edits, web page /");
    }

    @Override
    protected void routes(Router router) {
        new EditApi(vertx, config, submitter, view, store).mount(router, uploads.path(), listeners);
        new BenchmarkApi(vertx, benchmarks, ratings, store).mount(router);
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
