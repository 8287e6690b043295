package io.editstream.service;

import io.editstream.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every EditStream service shares: merged config (defaults file, EDITSTREAM_CONFIG, environment,
 * deployment config) → {@link #open} on a worker thread (models, stores, Kafka clients all block) → health,
 * metrics and the service's own routes → HTTP, so a ready probe never answers before the service can work.
 * Whatever {@code open} registers with {@link #own} is closed in reverse order on stop, and also when the
 * start fails half-way (a failed start gets no stop()).
 */
public abstract class ServiceVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceVerticle.class);

    /** What {@link #open} hands back: where to listen, what readiness checks, and a line for the start-up log. */
    public record Opened(int httpPort, Map<String, BooleanSupplier> readiness, String description) {
    }

    /** The standard OpenTelemetry variable, read when the config names no collector of its own. */
    static final String OTEL_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private final String service;
    private volatile Resources resources;
    private volatile Tracing tracing;
    private HttpServer server;

    protected ServiceVerticle(String service) {
        this.service = service;
    }

    /** Opens the service's resources; runs on a worker thread. */
    protected abstract Opened open(JsonObject config) throws Exception;

    /** Adds the service's own routes after health and metrics; runs on the event loop. Nothing by default. */
    protected void routes(Router router) {
    }

    /** Registers a resource opened by {@link #open}, to be closed before the ones registered earlier. */
    protected final <T extends AutoCloseable> T own(T resource) {
        return resources.own(resource);
    }

    public final String service() {
        return service;
    }

    /** This service's tracer, from {@code tracing.otlpEndpoint}; set before {@link #open} runs, closed (flushed) last. */
    protected final Tracing tracing() {
        return tracing;
    }

    /** The OTLP/HTTP collector spans go to: {@code tracing.otlpEndpoint}, else {@value #OTEL_ENDPOINT_VARIABLE}; null for none. */
    static String otlpEndpoint(JsonObject config) {
        String configured = config.getJsonObject("tracing", new JsonObject()).getString("otlpEndpoint", "");
        String endpoint = configured.isBlank() ? System.getenv(OTEL_ENDPOINT_VARIABLE) : configured;
        return endpoint == null || endpoint.isBlank() ? null : endpoint;
    }

    @Override
    public final Future<?> start() {
        resources = new Resources(service);
        return ServiceConfigLoader.load(vertx, service, config())
                .compose(json -> vertx.executeBlocking(() -> {
                    tracing = resources.own(Tracing.forService(service, otlpEndpoint(json)));
                    return open(json);
                }))
                .compose(opened -> {
                    Router router = ServiceHttp.baseRouter(vertx, service, opened.readiness());
                    routes(router);
                    return ServiceHttp.listen(vertx, router, opened.httpPort()).map(http -> {
                        server = http;
                        LOG.info("{} ready: {}, http port {}", service, opened.description(), http.actualPort());
                        return http;
                    });
                })
                .recover(e -> {
                    LOG.error("{} failed to start: {}", service, e.toString());
                    return closeAll().transform(closed -> Future.failedFuture(e));
                });
    }

    @Override
    public final Future<?> stop() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> closeAll());
    }

    private Future<Void> closeAll() {
        Resources opened = resources;
        return vertx.executeBlocking(() -> {
            opened.close();
            return null;
        });
    }

    /** The HTTP port health, metrics (and any API) listen on, once started; -1 before. */
    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }
}
