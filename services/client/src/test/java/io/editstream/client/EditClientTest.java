package io.editstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** awaitTerminal against a stand-in gateway: it follows SSE, reconnects a stream closed early, falls back to polling, times out. */
class EditClientTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String serve(Consumer<HttpServerRequest> handler) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(handler::accept).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "http://localhost:" + server.actualPort();
    }

    private static String event(String state) {
        return "event: status\ndata: " + new JsonObject().put("id", "e1").put("state", state).encode() + "\n\n";
    }

    private static void sse(HttpServerRequest request) {
        request.response().setChunked(true).putHeader("content-type", "text/event-stream");
    }

    @Test
    void followsTheEventsUntilATerminalState() throws Exception {
        List<String> paths = new ArrayList<>();
        String url = serve(request -> {
            paths.add(request.path());
            sse(request);
            request.response().write(event("QUEUED") + event("QUEUED"));
            vertx.setTimer(50, t -> request.response().write(event("RUNNING")));
            vertx.setTimer(100, t -> request.response().end(event("SCORED")));
        });
        List<String> seen = new ArrayList<>();
        JsonObject done = new EditClient(url).awaitTerminal("e1", Duration.ofSeconds(10), s -> seen.add(s.getString("state")));
        assertThat(done.getString("state")).isEqualTo("SCORED");
        assertThat(seen).containsExactly("QUEUED", "RUNNING", "SCORED");
        assertThat(paths).containsExactly("/v1/edits/e1/events");
    }

    @Test
    void aStreamClosedEarlyIsReopened() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        String url = serve(request -> {
            sse(request);
            request.response().end(connections.incrementAndGet() == 1 ? event("RUNNING") : event("RUNNING") + event("FAILED"));
        });
        List<String> seen = new ArrayList<>();
        JsonObject done = new EditClient(url).awaitTerminal("e1", Duration.ofSeconds(10), s -> seen.add(s.getString("state")));
        assertThat(done.getString("state")).isEqualTo("FAILED");
        assertThat(seen).containsExactly("RUNNING", "FAILED");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aGatewayWithoutEventsIsPolled() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        String url = serve(request -> {
            if (request.path().endsWith("/events")) {
                request.response().setStatusCode(404).end();
            } else {
                String state = polls.incrementAndGet() < 3 ? "RUNNING" : "SCORED";
                request.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("id", "e1").put("state", state).encode());
            }
        });
        JsonObject done = new EditClient(url).awaitTerminal("e1", Duration.ofSeconds(10), s -> { });
        assertThat(done.getString("state")).isEqualTo("SCORED");
        assertThat(polls.get()).isEqualTo(3);
    }

    @Test
    void aStreamThatNeverEndsTimesOutAtTheDeadline() throws Exception {
        String url = serve(request -> {
            sse(request);
            request.response().write(event("RUNNING"));
        });
        long started = System.nanoTime();
        assertThatThrownBy(() -> new EditClient(url).awaitTerminal("e1", Duration.ofMillis(600), s -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish").hasMessageContaining("RUNNING");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
