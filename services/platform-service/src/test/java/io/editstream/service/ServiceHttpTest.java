package io.editstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceHttpTest {
    private final Vertx vertx = ServiceHttp.newVertx();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void healthReadinessAndMetricsAnswer() throws Exception {
        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        Router router = ServiceHttp.baseRouter(vertx, "demo", Map.of("kafka", kafkaUp::get, "s3", () -> true));
        int port = ServiceHttp.listen(vertx, router, 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(port, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("kafka").doesNotContain("s3");
        kafkaUp.set(true);
        assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);

        ServiceHttp.meterRegistry().counter("editstream.test.counter").increment();
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("editstream_test_counter_total").contains("vertx_http_server");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
