package io.editstream.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face every service shows its platform: {@code /health/live} (the process answers),
 * {@code /health/ready} (every dependency check passes, else 503 naming the failing ones) and
 * {@code /metrics} (Prometheus text). There is one Prometheus registry per JVM, registered with Vert.x
 * micrometer metrics under {@value #REGISTRY_NAME}: Vert.x HTTP and JVM meters, the stage loops' meters
 * and the models' meters all land in it, so in local mode (several verticles, one Vert.x) every port
 * shows every service's meters, and a Vert.x started without metrics still serves the stage meters.
 */
public final class ServiceHttp {
    public static final String REGISTRY_NAME = "editstream";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private ServiceHttp() {
    }

    /**
     * The registry Vert.x metrics write to. Our registry is (re-)registered under {@value #REGISTRY_NAME}
     * first, because Vert.x drops the registration whenever a Vert.x instance closes; a Vert.x created
     * from {@link #vertxOptions()} alone (service loader, launcher) then finds it instead of making its own.
     */
    public static MeterRegistry meterRegistry() {
        return BackendRegistries.setupBackend(metricsOptions(), REGISTRY).getMeterRegistry();
    }

    /** Options with Vert.x micrometer metrics and the Prometheus backend enabled (no embedded server). */
    public static VertxOptions vertxOptions() {
        meterRegistry();
        return new VertxOptions().setMetricsOptions(metricsOptions());
    }

    /** A Vert.x instance whose HTTP, event-bus and JVM metrics go to {@link #meterRegistry()}. */
    public static Vertx newVertx() {
        return Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(REGISTRY)).build();
    }

    private static MicrometerMetricsOptions metricsOptions() {
        return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true).setRegistryName(REGISTRY_NAME)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setStartEmbeddedServer(false));
    }

    public static Router baseRouter(Vertx vertx, String service, Map<String, BooleanSupplier> readinessChecks) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP").put("service", service)));
        // checks may block briefly (a broker metadata call, an S3 HEAD), so they never run on the event loop
        router.get("/health/ready").handler(ctx -> vertx.executeBlocking(() -> failing(service, readinessChecks), false)
                .onComplete(result -> {
                    JsonArray failing = result.succeeded() ? result.result() : new JsonArray().add("readiness-check");
                    JsonObject body = new JsonObject().put("service", service).put("status", failing.isEmpty() ? "UP" : "DOWN");
                    if (!failing.isEmpty()) {
                        body.put("failing", failing);
                    }
                    ctx.response().setStatusCode(failing.isEmpty() ? 200 : 503);
                    ctx.json(body);
                }));
        // a scrape walks every meter of the registry (in local mode six services share one): off the event loop
        router.get("/metrics").handler(ctx -> vertx.executeBlocking(ServiceHttp::scrape, false).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(result.result());
            } else {
                ctx.fail(result.cause());
            }
        }));
        return router;
    }

    private static JsonArray failing(String service, Map<String, BooleanSupplier> checks) {
        JsonArray failing = new JsonArray();
        checks.forEach((name, check) -> {
            boolean ok;
            try {
                ok = check.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warn("{} readiness check '{}' threw: {}", service, name, e.toString());
                ok = false;
            }
            if (!ok) {
                failing.add(name);
            }
        });
        return failing;
    }

    private static String scrape() {
        return meterRegistry() instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : REGISTRY.scrape();
    }

    /**
     * Serves the router; port 0 picks a free port (see {@link HttpServer#actualPort()}).
     * Form attributes are not capped by Netty: every route that reads a body sets a body limit, and a field
     * over its own limit is then refused by the route's parser with a 400 naming the limit. Netty's cap instead
     * aborts the multipart decoder mid-stream, which surfaced as a bare 500 ("Streaming aborted").
     */
    public static Future<HttpServer> listen(Vertx vertx, Router router, int port) {
        HttpServerOptions options = new HttpServerOptions().setMaxFormAttributeSize(-1);
        return vertx.createHttpServer(options).requestHandler(router).listen(port);
    }
}
