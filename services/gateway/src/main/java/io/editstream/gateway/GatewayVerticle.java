package io.editstream.gateway;

import io.editstream.auth.AuthMode;
import io.editstream.auth.Authenticator;
import io.editstream.auth.CallerHandler;
import io.editstream.auth.SecurityHeaders;
import io.editstream.auth.TenantQuotas;
import io.editstream.benchmark.BenchmarkApi;
import io.editstream.benchmark.BenchmarkView;
import io.editstream.benchmark.RatingPublisher;
import io.editstream.kafka.SchemaRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway service: config → topics, object store, producer, status view (pushing to its followers) and the
 * benchmark module's view and rating publisher → the edit API, the benchmark routes, the web pages, health and
 * metrics. It is ready when both views are RUNNING, the producer reaches the cluster and the bucket answers. All
 * rules live in the classes it wires together.
 */
public final class GatewayVerticle extends ServiceVerticle {
    private static final Duration VIEW_START = Duration.ofSeconds(60);
    /** An in-flight slot whose edit this replica never sees finish (its status lives on another replica) is freed after this. */
    private static final Duration SLOT_TIMEOUT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    private GatewayConfig config;
    private ObjectStore store;
    private EditSubmitter submitter;
    private StatusView view;
    private final StatusListeners listeners = new StatusListeners();
    private BenchmarkView benchmarks;
    private RatingPublisher ratings;
    private TempFolder uploads;
    private Authenticator authenticator;
    private TenantQuotas quotas;

    public GatewayVerticle() {
        super("gateway");
    }

    @Override
    protected Opened open(JsonObject json) throws Exception {
        GatewayConfig cfg = GatewayConfig.from(json);
        config = cfg;
        // first: a gateway that would be open by mistake, or cannot read its keys, refuses to start before it opens anything
        authenticator = Authenticator.of(vertx, cfg.auth()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (cfg.auth().mode() == AuthMode.NONE) {
            LOG.warn("THE GATEWAY IS OPEN: auth.mode is none, so anyone who reaches port {} can submit and read every tenant's "
                    + "edits. Set auth.mode=api-key with auth.keysFile (editstream keys add) or auth.mode=jwt to close it.",
                    cfg.httpPort());
        } else {
            LOG.info("callers authenticate with {}", cfg.auth().mode().label());
        }
        quotas = new TenantQuotas(cfg.quotas(), System::nanoTime, SLOT_TIMEOUT);
        // the status view advertises host:port to the other replicas before the server listens, so port 0 is chosen here
        int port = cfg.httpPort() != 0 ? cfg.httpPort() : freePort();
        TopicAdmin.ensureTopics(cfg.kafka(), Topics.all(), cfg.partitions(), cfg.replication());
        own(SchemaRegistry.forService(json.getJsonObject("kafka", new JsonObject()).getMap(),
                List.of(Topics.EDIT_REQUESTED, Topics.RATING_SUBMITTED)));
        store = own(ObjectStore.connect(cfg.storage()));
        store.ensureBucket();
        submitter = own(new EditSubmitter(cfg.kafka(), store, tracing()));
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
        router.route("/*").order(-1).handler(new SecurityHeaders());
        router.route("/v1/*").handler(new CallerHandler(authenticator, config.auth().mode()));
        new EditApi(vertx, config, submitter, view, store, quotas).mount(router, uploads.path(), listeners);
        new BenchmarkApi(vertx, benchmarks, ratings, store).mount(router);
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
