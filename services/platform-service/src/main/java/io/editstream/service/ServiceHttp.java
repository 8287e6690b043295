package io.editstream.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The HTTP face every service shows its platform: {@code /health/live} (the process answers),
 * {@code /health/ready} (every dependency check passes, else 503 naming the failing ones) and
 * {@code /metrics} (Prometheus text: Vert.x HTTP metrics, JVM metrics and the stages' own meters, all in
 * one registry per JVM so local mode shows every service's meters on every port).
 */
public final class ServiceHttp {
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private ServiceHttp() {
    }

    /** The registry that Vert.x metrics, the stage loops and the models write to. */
    public static MeterRegistry meterRegistry() {
        return REGISTRY;
    }

    public static VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    }

    /** A Vert.x instance whose HTTP, event-bus and JVM metrics go to {@link #meterRegistry()}. */
    public static Vertx newVertx() {
        return Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(REGISTRY)).build();
    }

    public static Router baseRouter(Vertx vertx, String service, Map<String, BooleanSupplier> readinessChecks) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP").put("service", service)));
        router.get("/health/ready").handler(ctx -> {
            JsonArray failing = new JsonArray();
            readinessChecks.forEach((name, check) -> {
                boolean ok;
                try {
                    ok = check.getAsBoolean();
                } catch (RuntimeException e) {
                    ok = false;
                }
                if (!ok) {
                    failing.add(name);
                }
            });
            JsonObject body = new JsonObject().put("service", service).put("status", failing.isEmpty() ? "UP" : "DOWN");
            if (!failing.isEmpty()) {
                body.put("failing", failing);
            }
            ctx.response().setStatusCode(failing.isEmpty() ? 200 : 503);
            ctx.json(body);
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(REGISTRY.scrape()));
        return router;
    }

    /** Serves the router; port 0 picks a free port (see {@link HttpServer#actualPort()}). */
    public static Future<HttpServer> listen(Vertx vertx, Router router, int port) {
        return vertx.createHttpServer().requestHandler(router).listen(port);
    }
}
