package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ImageTensors;
import io.editstream.scorer.judge.VlmJudge;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.StageContract;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServer;
import io.editstream.testing.StubChatServer.Reply;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TopicWriter;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
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
 * The scorer verticle with a VLM judge ({@code scorer.judge.url}) on a real in-JVM broker and S3 endpoint, an in-test
 * HTTP server on localhost standing in for an external vLLM server: the stages' contract holds with the judge's three
 * ratings in the output's scores (not in the copy baseline) and the judge's model in the stage's version; a DiscEdit
 * no-change twin is not judged; and with the judge failing (503 after its retries) the edit is still scored, within
 * the judge's timeout, marked {@code judge_unavailable}, and {@code GET /health/judge} says why.
 */
class JudgedScorerIT extends StageContract<EditScored> {
    private static final String RATING = "{\"instruction_following\": 2, \"appearance_consistency\": 5, \"visual_plausibility\": 4, "
            + "\"reason\": \"The ball is green but not ripe.\"}";
    private static final long TIMEOUT_MS = 3000;

    private final StubChatServer server;

    JudgedScorerIT() throws Exception {
        super(ScorerVerticle::new, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED);
        server = new StubChatServer().models(StandInBodies.VLLM_MODELS).reply(good());
    }

    private static Reply good() {
        return Reply.ok(StandInBodies.vllm(StandInBodies.quoted(RATING), "stop"));
    }

    @Override
    protected JsonObject config(String bucket) {
        return super.config(bucket).put("scorer", new JsonObject().put("judge", new JsonObject().put("url", server.url())
                .put("timeoutMs", TIMEOUT_MS).put("maxRetries", 1).put("maxConcurrency", 2)));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected void publishValid(String id) {
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, null));
    }

    @Override
    protected void publishWithMissingObject(String id) {
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id,
                ScorerIT.rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), absentImage(ObjectKeys.result("it", id)), null));
    }

    @Override
    protected String publishWithForeignObject(String id) {
        ImageRef foreign = put(ObjectKeys.result(OTHER_TENANT, id), Color.GREEN);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, ScorerIT.rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), foreign, null));
        return foreign.getUri();
    }

    @Override
    protected void checkOutput(String id, EditScored out) {
        assertThat(out.getScores()).containsEntry(VlmJudge.INSTRUCTION, 2.0).containsEntry(VlmJudge.CONSISTENCY, 5.0)
                .containsEntry(VlmJudge.PLAUSIBILITY, 4.0).containsKeys("l1", "clip_t").doesNotContainKey(VlmJudge.UNAVAILABLE);
        assertThat(out.getCopyBaseline()).doesNotContainKeys(VlmJudge.INSTRUCTION, VlmJudge.CONSISTENCY, VlmJudge.PLAUSIBILITY);
        assertThat(out.getStage().getModelVersion()).endsWith("+judge:" + StandInBodies.VLLM_MODEL);
        JsonObject sent = server.requests().get(server.requests().size() - 1);
        assertThat(sent.getJsonArray("messages").getJsonObject(1).getJsonArray("content").getJsonObject(4).getString("text"))
                .isEqualTo("Instruction: make the ball look ripe");
    }

    @Test
    void aNoChangeTwinIsNotJudged() {
        String id = "twin-" + UUID.randomUUID();
        int before = server.requests().size();
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, "no_change"));
        EditScored scored = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, id, WAIT);
        assertThat(scored.getScores()).doesNotContainKeys(VlmJudge.INSTRUCTION, VlmJudge.UNAVAILABLE);
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void aFailingJudgeScoresWithoutItWithinItsTimeoutAndSaysWhy() throws Exception {
        server.reply(Reply.status(503, StandInBodies.llamaCppError(503, "Loading model", "unavailable_error")));
        try {
            String id = "judge-down-" + UUID.randomUUID();
            long t0 = System.nanoTime();
            TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, null));
            EditScored scored = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, id, WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(TIMEOUT_MS).plusSeconds(8));
            assertThat(scored.getScores()).containsEntry(VlmJudge.UNAVAILABLE, 1.0).containsKeys("l1", "clip_t")
                    .doesNotContainKeys(VlmJudge.INSTRUCTION, VlmJudge.CONSISTENCY, VlmJudge.PLAUSIBILITY);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort() + "/health/judge")).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonObject state = new JsonObject(health.body());
            assertThat(state.getString("endpoint")).startsWith(server.url());
            assertThat(state.getString("lastFailure")).contains("HTTP 503: Loading model");
            assertThat(state.getLong("unavailable")).isPositive();
        } finally {
            server.reply(good());
        }
        // once the server is back, a new request is judged again without a restart: right away, or once the circuit
        // breaker opened by the outage lets a trial call through
        Map<String, Double> scores = Map.of();
        for (int i = 0; i < 8 && !scores.containsKey(VlmJudge.INSTRUCTION); i++) {
            String next = "judge-back-" + UUID.randomUUID();
            TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, next, rendered(next, null));
            scores = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, next, WAIT).getScores();
            if (!scores.containsKey(VlmJudge.INSTRUCTION)) {
                Thread.sleep(2000);
            }
        }
        assertThat(scores).containsEntry(VlmJudge.INSTRUCTION, 2.0);
    }

    private ImageRendered rendered(String id, String variant) {
        ImageRendered r = ScorerIT.rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), put(ObjectKeys.result("it", id), Color.GREEN),
                put(ObjectKeys.reference("it", id, "png"), Color.GREEN));
        if (variant != null) {
            r.getContext().setBenchmark(BenchmarkTag.newBuilder().setRun("run-1").setItem("item-1").setVariant(variant).build());
        }
        return r;
    }

    private ImageRef put(String key, Color ball) {
        return store.putImage(key, ImageTensors.encodePng(ScorerTest.scene(ball)), "image/png", 64, 64);
    }
}
