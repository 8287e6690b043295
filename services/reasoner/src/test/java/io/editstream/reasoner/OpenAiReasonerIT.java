package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ReasoningType;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.RequestStageContract;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServer;
import io.editstream.testing.StubChatServer.Reply;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The reasoner verticle on its openai backend, on a real in-JVM broker and S3 endpoint, with an in-test HTTP server
 * on localhost standing in for an external vLLM server: the stages' contract holds with the VLM's answers
 * (explicit instruction, scenario, objects, rationale, the server's model name as model id, no guidance tensor); and
 * with nothing listening, with a server that answers garbage and with one that never answers, every request ends
 * FAILED within the configured timeout with a reason naming the endpoint, and once the server is back the next
 * request completes without a restart.
 */
class OpenAiReasonerIT extends RequestStageContract<GuidanceProduced> {
    private static final long TIMEOUT_MS = 3000;
    private static final long CIRCUIT_OPEN_MS = 4000;
    /** Kafka and S3 around the reasoner's own budget: polling, producing, committing and reading the failure back. */
    private static final Duration TRANSPORT_SLACK = Duration.ofSeconds(8);
    private static final String MODEL = StandInBodies.VLLM_MODEL;
    private static final String ANSWER = "{\"explicit_instruction\": \"melt the red ball into a puddle\", \"scenario\": \"PHYSICAL\", "
            + "\"objects\": [\"red ball\"], \"rationale\": \"A week in the sun melts a wax ball.\"}";

    private final int port;
    private StubChatServer server;

    OpenAiReasonerIT() throws Exception {
        super(ReasonerVerticle::new, Topics.GUIDANCE_PRODUCED, "what would the red ball look like after a week in the sun");
        server = new StubChatServer().reply(good());
        port = server.port();
    }

    private static Reply good() {
        return Reply.ok(StandInBodies.vllm(StandInBodies.quoted(ANSWER), "stop"));
    }

    @Override
    protected JsonObject config(String bucket) {
        return super.config(bucket).put("reasoner", new JsonObject().put("openai", new JsonObject()
                .put("url", "http://127.0.0.1:" + port + "/v1").put("model", MODEL).put("timeoutMs", TIMEOUT_MS)
                .put("maxRetries", 1).put("circuitFailures", 3).put("circuitOpenMs", CIRCUIT_OPEN_MS).put("maxConcurrency", 2)));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected void checkOutput(String id, GuidanceProduced out) {
        assertThat(out.getExplicitInstruction()).isEqualTo("melt the red ball into a puddle");
        assertThat(out.getReasoningType()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(out.getObjects()).containsExactly("red ball");
        assertThat(out.getRationale()).isEqualTo("A week in the sun melts a wax ball.");
        assertThat(out.getGuidance()).as("a VLM has no guidance tokens").isNull();
        assertThat(out.getStage().getModelId()).isEqualTo(MODEL);
        assertThat(store.exists(store.uri(ObjectKeys.tensor("it", id, "reasoner")))).isFalse();
        JsonObject health = new JsonObject(get("/health/reasoner").body());
        assertThat(health.getString("backend")).isEqualTo("openai");
        assertThat(health.getString("endpoint")).isEqualTo(endpoint());
        assertThat(health.getString("circuit")).isEqualTo("CLOSED");
    }

    @Test
    void nothingListeningFailsNamingTheEndpointAndTheServerBackCompletes() throws Exception {
        server.close();
        for (int i = 0; i < 2; i++) {
            EditFailed failed = failsWithinTheTimeout("down-" + i + "-" + UUID.randomUUID());
            assertThat(failed.getReason()).contains(endpoint());
        }
        // 2 requests × 2 attempts ≥ 3 failures: the circuit is open and readiness says so
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("openai-endpoint");
        assertThat(failsWithinTheTimeout("open-" + UUID.randomUUID()).getReason()).contains("circuit open").contains(endpoint());

        server = new StubChatServer(port).reply(good());
        Thread.sleep(CIRCUIT_OPEN_MS);
        completes("back-" + UUID.randomUUID());
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aServerAnsweringGarbageFailsAndRecoversWithoutARestart() throws Exception {
        server.reply(Reply.ok("<html><body>It works!</body></html>"));
        assertThat(failsWithinTheTimeout("garbage-" + UUID.randomUUID()).getReason()).contains(endpoint()).contains("not a JSON object");
        server.reply(Reply.ok("{\"choices\":[{\"message\":{\"content\":\"The ball would melt.\"},\"finish_reason\":\"stop\"}]}"));
        assertThat(failsWithinTheTimeout("prose-" + UUID.randomUUID()).getReason()).contains(endpoint()).contains("no JSON object");
        server.reply(good());
        completes("healed-" + UUID.randomUUID());
    }

    @Test
    void aServerThatNeverAnswersFailsAfterTheTimeout() {
        server.reply(new Reply(200, "{}", Map.of(), 20_000));
        assertThat(failsWithinTheTimeout("hang-" + UUID.randomUUID()).getReason()).contains(endpoint())
                .contains("no answer within " + TIMEOUT_MS + " ms");
        server.reply(good());
        completes("after-hang-" + UUID.randomUUID());
    }

    private EditFailed failsWithinTheTimeout(String id) {
        long t0 = System.nanoTime();
        publishValid(id);
        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed("reasoner"), id, WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("failed within the timeout (plus transport)").isLessThan(Duration.ofMillis(TIMEOUT_MS).plus(TRANSPORT_SLACK));
        assertThat(failed.getStage()).isEqualTo("reasoner");
        return failed;
    }

    private void completes(String id) {
        publishValid(id);
        GuidanceProduced out = TopicReader.awaitValue(kafka, Topics.GUIDANCE_PRODUCED, id, WAIT);
        assertThat(out.getExplicitInstruction()).isEqualTo("melt the red ball into a puddle");
    }

    private String endpoint() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    private HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
