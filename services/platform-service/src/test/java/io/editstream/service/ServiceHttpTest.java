package io.editstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The health, readiness and metrics endpoints over real HTTP, with and without Vert.x metrics enabled. */
@ExtendWith(VertxExtension.class)
class ServiceHttpTest {

    private static Future<HttpResponse<Buffer>> get(WebClient client, int port, String path) {
        return client.get(port, "localhost", path).send();
    }

    @Test
    void readinessNamesTheFailingChecksUntilTheyPass(Vertx vertx, VertxTestContext test) {
        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        Router router = ServiceHttp.baseRouter(vertx, "demo", Map.of("kafka", kafkaUp::get, "s3", () -> true,
                "model", () -> {
                    throw new IllegalStateException("not loaded");
                }));
        WebClient client = WebClient.create(vertx);
        ServiceHttp.listen(vertx, router, 0).map(HttpServer::actualPort).compose(port -> get(client, port, "/health/live")
                .compose(live -> {
                    test.verify(() -> {
                        assertThat(live.statusCode()).isEqualTo(200);
                        assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                    });
                    return get(client, port, "/health/ready");
                }).compose(notReady -> {
                    test.verify(() -> {
                        assertThat(notReady.statusCode()).isEqualTo(503);
                        assertThat(notReady.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactlyInAnyOrder("kafka", "model");
                    });
                    kafkaUp.set(true);
                    return get(client, port, "/health/ready");
                })).onComplete(test.succeeding(stillNotReady -> test.verify(() -> {
                    assertThat(stillNotReady.statusCode()).isEqualTo(503);
                    assertThat(stillNotReady.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactly("model");
                    test.completeNow();
                })));
    }

    @Test
    void allChecksPassingIsReady(Vertx vertx, VertxTestContext test) {
        WebClient client = WebClient.create(vertx);
        ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, "demo", Map.of("s3", () -> true)), 0)
                .compose(server -> get(client, server.actualPort(), "/health/ready"))
                .onComplete(test.succeeding(ready -> test.verify(() -> {
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                    test.completeNow();
                })));
    }

    @Test
    void metricsWithoutVertxMetricsStillShowTheServiceMeters(Vertx vertx, VertxTestContext test) {
        // the injected Vert.x has no metrics: the stage meters must still be scraped
        ServiceHttp.meterRegistry().counter("editstream.plain.counter").increment(3);
        WebClient client = WebClient.create(vertx);
        ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, "demo", Map.of()), 0)
                .compose(server -> get(client, server.actualPort(), "/metrics"))
                .onComplete(test.succeeding(metrics -> test.verify(() -> {
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.getHeader("content-type")).startsWith("text/plain");
                    assertThat(metrics.bodyAsString()).contains("editstream_plain_counter_total 3.0");
                    test.completeNow();
                })));
    }

    @Test
    void twoServicesOnOneMetricsEnabledVertxShareOneRegistry() throws Exception {
        Vertx vertx = ServiceHttp.newVertx();
        try {
            WebClient client = WebClient.create(vertx);
            ServiceHttp.meterRegistry().counter("editstream.shared.counter").increment();
            int first = await(ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, "one", Map.of()), 0)).actualPort();
            int second = await(ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, "two", Map.of()), 0)).actualPort();
            await(get(client, first, "/health/live"));
            String fromFirst = await(get(client, first, "/metrics")).bodyAsString();
            String fromSecond = await(get(client, second, "/metrics")).bodyAsString();
            for (String body : new String[] {fromFirst, fromSecond}) {
                assertThat(body).contains("editstream_shared_counter_total").contains("vertx_http_server_requests_total")
                        .contains("jvm_memory_used_bytes");
            }
            assertThat(ServiceHttp.meterRegistry().find("vertx.http.server.requests").counters()).isNotEmpty();
        } finally {
            await(vertx.close());
        }
        // a closed Vert.x unregisters its backend; the next one must find the same registry again
        assertThat(ServiceHttp.meterRegistry().find("editstream.shared.counter").counter()).isNotNull();
    }

    @Test
    void aVertxBuiltFromTheOptionsAloneWritesToTheSameRegistry() throws Exception {
        double before = httpRequests();
        Vertx vertx = Vertx.vertx(ServiceHttp.vertxOptions());   // metrics factory found by the service loader
        try {
            WebClient client = WebClient.create(vertx);
            int port = await(ServiceHttp.listen(vertx, ServiceHttp.baseRouter(vertx, "three", Map.of()), 0)).actualPort();
            await(get(client, port, "/health/live"));
            await(get(client, port, "/health/live"));
            assertThat(httpRequests()).isGreaterThanOrEqualTo(before + 2);
        } finally {
            await(vertx.close());
        }
    }

    private static double httpRequests() {
        return ServiceHttp.meterRegistry().find("vertx.http.server.requests").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
