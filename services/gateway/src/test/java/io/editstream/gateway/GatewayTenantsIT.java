package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.auth.ApiKeys;
import io.editstream.client.EditClient;
import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one gateway with API keys, on the real broker and S3 endpoint: each sees only its own edits, images,
 * events and benchmark runs (another tenant's answer 404, as missing ones do), a call without a valid key gets 401
 * with a JSON reason, a tenant field naming another tenant is refused, ratings must name a scored edit of the
 * caller's run and are attributed to its key, and a burst over one tenant's rate limit gets 429s while another's
 * requests go through.
 */
class GatewayTenantsIT {
    static final String BUCKET = "gateway-tenants-it";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static Vertx vertx;
    static GatewayVerticle gateway;
    static String keyA;
    static String keyB;
    static String keyC;
    static EditClient a;
    static EditClient b;

    @BeforeAll
    static void start() throws Exception {
        Path keys = dir.resolve("keys.txt");
        keyA = ApiKeys.add(keys, "acme", "alice");
        keyB = ApiKeys.add(keys, "globex", "bob");
        keyC = ApiKeys.add(keys, "initech", "carol");
        vertx = ServiceHttp.newVertx();
        JsonObject config = GatewayIT.config(BUCKET, dir.resolve("state"), "gateway-tenants-it")
                .put("auth", new JsonObject().put("mode", "api-key").put("keysFile", keys.toString()))
                // initech: 3 at once, then one every 10 s; the others: unlimited
                .put("quotas", new JsonObject().put("tenants", new JsonObject()
                        .put("initech", new JsonObject().put("requestsPerSecond", 0.1).put("burst", 3))));
        gateway = GatewayIT.deploy(vertx, config);
        a = new EditClient(url(""), keyA);
        b = new EditClient(url(""), keyB);
    }

    @Test
    void eachTenantSeesOnlyItsOwnEditsAndRuns() throws Exception {
        EditClient.Submission s = a.submit(SampleImages.scenePng(64, 64, 3), "a.png", "what if it rolled?",
                Map.of("benchmarkRun", "acme-run", "benchmarkItem", "1"));
        assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
        String id = s.id();
        EditRequested event = TopicReader.awaitValue(TestInfra.kafkaSettings(), Topics.EDIT_REQUESTED, id, Duration.ofSeconds(30));
        assertThat(event.getTenant()).as("the tenant comes from the key").isEqualTo("acme");
        awaitStatus(a, id);

        for (String path : List.of("", "/source", "/image")) {
            HttpResponse<String> other = get("/v1/edits/" + id + path, keyB);
            assertThat(other.statusCode()).as("globex reads acme's " + path).isEqualTo(404);
            assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("not_found");
        }
        assertThat(get("/v1/edits/" + id + "/source", keyA).statusCode()).isEqualTo(200);
        assertThat(get("/v1/edits/" + id + "/events", keyB).statusCode()).as("globex follows acme's events").isEqualTo(404);

        // the edit is scored as an item of acme's run: acme sees the run, globex does not, ratings need a scored edit
        try (ObjectStore store = ObjectStore.connect(TestInfra.storageSettings(BUCKET))) {
            store.putImage(ObjectKeys.result("acme", id), SampleImages.scenePng(64, 64, 9), "image/png", 64, 64);
        }
        EditScored scored = Events.scored(id);
        scored.setTenant("acme");
        scored.getContext().setBenchmark(BenchmarkTag.newBuilder().setRun("acme-run").setItem("1").build());
        scored.getOutput().setUri("s3://" + BUCKET + "/" + ObjectKeys.result("acme", id));
        GatewayIT.publish(Topics.EDIT_SCORED, id, scored);
        awaitStatusCode("/v1/benchmarks/acme-run", keyA, 200);
        assertThat(get("/v1/benchmarks/acme-run", keyB).statusCode()).isEqualTo(404);
        assertThat(get("/v1/benchmarks/acme-run/items", keyB).statusCode()).isEqualTo(404);
        assertThat(get("/v1/benchmarks/acme-run/items/" + id + "/output", keyB).statusCode()).isEqualTo(404);

        JsonObject rating = new JsonObject().put("run", "acme-run").put("requestId", id).put("rater", "someone").put("score", 100);
        assertThat(post("/v1/ratings", rating, keyB).statusCode()).as("globex rates acme's edit").isEqualTo(404);
        assertThat(post("/v1/ratings", rating.copy().put("requestId", "no-such-edit"), keyA).statusCode())
                .as("a rating of an edit that does not exist").isEqualTo(404);
        assertThat(post("/v1/ratings", rating, null).statusCode()).isEqualTo(401);
        HttpResponse<String> rated = post("/v1/ratings", rating, keyA);
        assertThat(rated.statusCode()).as(rated.body()).isEqualTo(202);
        var ratings = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.RATING_SUBMITTED,
                rs -> rs.stream().anyMatch(r -> r.key().equals(id)), Duration.ofSeconds(30));
        var stored = ratings.stream().filter(r -> r.key().equals(id)).findFirst().orElseThrow().value();
        assertThat(stored.getRater()).as("attributed to the key, not the name sent").isEqualTo("alice");
        assertThat(stored.getTenant()).isEqualTo("acme");
    }

    @Test
    void aCallWithoutAValidKeyGets401WithAReason() throws Exception {
        for (String key : new String[] {null, "es_not-a-key"}) {
            HttpResponse<String> response = get("/v1/edits/anything", key);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).isPresent();
            assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("unauthenticated");
            assertThat(new JsonObject(response.body()).getString("reason")).isNotBlank();
        }
        EditClient anonymous = new EditClient(url(""));
        EditClient.Submission s = anonymous.submit(SampleImages.scenePng(32, 32, 1), "x.png", "anything", Map.of());
        assertThat(s.status()).isEqualTo(401);
        // health and the security headers need no key
        HttpResponse<String> ready = get("/health/live", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("content-security-policy").orElse("")).contains("frame-ancestors 'none'");
        assertThat(ready.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void aForgedTenantFieldIsRefused() throws Exception {
        EditClient.Submission s = b.submit(SampleImages.scenePng(32, 32, 2), "x.png", "what if it fell?", Map.of("tenant", "acme"));
        assertThat(s.status()).isEqualTo(403);
        assertThat(s.body().getString("error")).isEqualTo("tenant_mismatch");
        EditClient.Submission own = b.submit(SampleImages.scenePng(32, 32, 2), "x.png", "what if it fell?", Map.of("tenant", "globex"));
        assertThat(own.status()).as(own.body().encode()).isEqualTo(202);
    }

    @Test
    void aBurstOverOneTenantsRateGets429sWhileTheOtherIsUnaffected() throws Exception {
        EditClient c = new EditClient(url(""), keyC);
        List<Integer> initech = new ArrayList<>();
        List<Integer> globex = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            EditClient.Submission s = c.submit(SampleImages.scenePng(32, 32, i), "x.png", "burst " + i, Map.of());
            initech.add(s.status());
            if (s.status() == 429) {
                retryAfter = s.retryAfter();
                assertThat(s.body().getString("error")).isEqualTo("rate_limited");
            }
            globex.add(b.submit(SampleImages.scenePng(32, 32, i), "x.png", "burst " + i, Map.of()).status());
        }
        assertThat(initech.subList(0, 3)).containsOnly(202);
        assertThat(initech.subList(3, 6)).containsOnly(429);
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 10);
        assertThat(globex).containsOnly(202);
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.body()).contains("editstream_tenant_edits_total{outcome=\"rate_limited\",tenant=\"initech\"}");
    }

    @Test
    void anOpenGatewayMustBeAllowed() {
        JsonObject open = GatewayIT.config(BUCKET, dir.resolve("state-open"), "gateway-open-it")
                .put("auth", new JsonObject().put("mode", "none"));
        assertThatThrownBy(() -> GatewayIT.deploy(vertx, open)).hasStackTraceContaining("auth.allowAnonymous");
    }

    private static void awaitStatus(EditClient client, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.status(id) == null) {
            assertThat(System.nanoTime()).as("status of " + id).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitStatusCode(String path, String key, int code) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get(path, key).statusCode() != code) {
            assertThat(System.nanoTime()).as(path + " answering " + code).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String url(String path) {
        return "http://localhost:" + gateway.httpPort() + path;
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), key);
    }

    private static HttpResponse<String> post(String path, JsonObject body, String key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())), key);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String key) throws Exception {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.sendAsync(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
