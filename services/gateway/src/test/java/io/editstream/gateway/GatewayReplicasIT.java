package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicWriter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas of one status view on a real broker: each holds some partitions' statuses, and a status, its
 * server-sent events and their pushed changes are all answered through the replica that does not hold them.
 */
class GatewayReplicasIT {
    static final String BUCKET = "gateway-replicas-it";
    @TempDir
    static Path stateA;
    @TempDir
    static Path stateB;
    static Vertx vertx;
    static GatewayVerticle a;
    static GatewayVerticle b;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = ServiceHttp.newVertx();
        String application = "gateway-replicas-it-" + UUID.randomUUID().toString().substring(0, 8);
        a = GatewayIT.deploy(vertx, GatewayIT.config(BUCKET, stateA, application));
        b = GatewayIT.deploy(vertx, GatewayIT.config(BUCKET, stateB, application));
        // b joining rebalances a: wait until both views run again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (get(a, "/health/ready").statusCode() != 200 || get(b, "/health/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("both replicas ready").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(GatewayVerticle gateway, String path) throws Exception {
        // the request timeout ends at the headers; the bound on the whole exchange keeps an open stream from hanging the test
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url(gateway) + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
    }

    private static String url(GatewayVerticle gateway) {
        return "http://localhost:" + gateway.httpPort();
    }

    /** The status of {@code id} read through {@code gateway} once it is {@code state} (the view is eventually consistent). */
    private static HttpResponse<String> awaitState(GatewayVerticle gateway, String id, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(gateway, "/v1/edits/" + id);
            if (last.statusCode() == 200 && state.equals(new JsonObject(last.body()).getString("state"))) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never reached " + state + " through port " + gateway.httpPort() + "; last: "
                + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    private static String answeredBy(HttpResponse<?> response) {
        return response.headers().firstValue(StatusForwarding.ANSWERED_BY).orElse("self");
    }

    @Test
    void statusesAndTheirEventsAreReadThroughEitherReplica() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "replica-" + UUID.randomUUID();
            ids.add(id);
            // not gateway.edit.requested: GatewayIT checks that only requests it submitted are there
            TopicWriter.publish(TestInfra.kafkaSettings(), Topics.GUIDANCE_PRODUCED, id, Events.guidance(id));
        }
        String ownerA = "localhost:" + a.httpPort();
        String ownerB = "localhost:" + b.httpPort();
        List<String> heldByA = new ArrayList<>();
        List<String> heldByB = new ArrayList<>();
        for (String id : ids) {
            HttpResponse<String> viaB = awaitState(b, id, "RUNNING");
            HttpResponse<String> viaA = awaitState(a, id, "RUNNING");
            assertThat(new JsonObject(viaB.body()).getString("id")).isEqualTo(id);
            assertThat(viaB.body()).isEqualTo(viaA.body());
            // exactly one of the two answered for the other
            assertThat(List.of(answeredBy(viaA), answeredBy(viaB))).containsAnyOf("self").containsAnyOf(ownerA, ownerB);
            (answeredBy(viaB).equals(ownerA) ? heldByA : heldByB).add(id);
        }
        assertThat(heldByA).as("statuses held by a, read through b").isNotEmpty();
        assertThat(heldByB).as("statuses held by b, read through a").isNotEmpty();

        String id = heldByA.get(0);
        HttpResponse<String> missing = get(b, "/v1/edits/" + id + "/image");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("reason")).contains("no result image yet");

        // the server-sent events of a's edit, followed through b: the current status, then the pushed change
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<JsonObject> followed = CompletableFuture.supplyAsync(() -> {
            try {
                return new EditClient(url(b)).awaitTerminal(id, Duration.ofSeconds(30), s -> seen.add(s.getString("state")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        TopicWriter.publish(TestInfra.kafkaSettings(), Topics.failed(Topics.RENDERER), id, Events.failed(id, "diffusion-renderer", "boom"));
        JsonObject done = followed.get(40, TimeUnit.SECONDS);
        assertThat(done.getString("state")).isEqualTo("FAILED");
        assertThat(done.getJsonObject("failure").getString("reason")).isEqualTo("boom");
        assertThat(seen).containsExactly("RUNNING", "FAILED");

        HttpResponse<String> events = get(b, "/v1/edits/" + id + "/events");
        assertThat(events.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(answeredBy(events)).isEqualTo(ownerA);
        assertThat(events.body()).contains("event: status").contains("\"state\":\"FAILED\"");
    }
}
