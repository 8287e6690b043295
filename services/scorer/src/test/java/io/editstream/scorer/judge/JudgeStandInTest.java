package io.editstream.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.testing.SampleImages;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServerTest;
import io.editstream.testing.StubChatServer.Reply;
import io.editstream.vlm.OpenAiClient;
import io.editstream.vlm.OpenAiSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The judge against an in-test HTTP server standing in for external vLLM, llama.cpp server and Ollama servers, answering
 * with their exact bodies ({@link StandInBodies}): ratings come back as the three scores; errors, refusals, truncated
 * JSON, a 429 whose Retry-After is beyond the budget and a server that never answers all give
 * {@code judge_unavailable} instead, within the budget, never an exception that would fail the request.
 */
class JudgeStandInTest extends StubChatServerTest {
    static final String RATING = "{\"instruction_following\": 4, \"appearance_consistency\": 5, \"visual_plausibility\": 3, "
            + "\"reason\": \"The ball is riper and nothing else changed.\"}";

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private VlmJudge judge(JsonObject overrides) {
        OpenAiSettings settings = VlmJudge.settings(new JsonObject().put("url", server.url()).put("timeoutMs", 2000)
                .put("maxRetries", 2).put("circuitFailures", 100).mergeIn(overrides));
        return new VlmJudge(settings, new OpenAiClient(settings, waits::add));
    }

    private Map<String, Double> rate(VlmJudge judge) {
        return judge.rate(SampleImages.scene(96, 64, 1), SampleImages.scene(96, 64, 2), "make the ball look ripe", "req-1");
    }

    @Test
    void vllmRatingsBecomeTheThreeScoresAndBothImagesAreSent() {
        server.models(StandInBodies.VLLM_MODELS).reply(Reply.ok(StandInBodies.vllm(StandInBodies.quoted(RATING), "stop")));
        VlmJudge judge = judge(new JsonObject());
        assertThat(rate(judge)).containsExactlyInAnyOrderEntriesOf(Map.of(VlmJudge.INSTRUCTION, 4.0, VlmJudge.CONSISTENCY, 5.0,
                VlmJudge.PLAUSIBILITY, 3.0));
        assertThat(judge.model()).isEqualTo(StandInBodies.VLLM_MODEL);
        JsonObject sent = server.requests().get(0);
        assertThat(sent.getString("model")).as("the first of /v1/models").isEqualTo(StandInBodies.VLLM_MODEL);
        assertThat(sent.getJsonArray("messages").getJsonObject(1).getJsonArray("content").stream()
                .filter(p -> "image_url".equals(((JsonObject) p).getString("type")))).hasSize(2);
        assertThat(judge.state().getLong("rated")).isEqualTo(1);
    }

    @Test
    void llamaCppInAFenceAfterRefusingJsonSchemaIsRead() {
        server.models(StandInBodies.LLAMA_CPP_MODELS).reply(
                Reply.status(400, StandInBodies.llamaCppError(400, "response_format type must be one of \"text\" or \"json_object\", but got: json_schema",
                        "invalid_request_error")),
                Reply.ok(StandInBodies.llamaCpp(StandInBodies.quoted("```json\n" + RATING + "\n```"), "stop")));
        assertThat(rate(judge(new JsonObject()))).containsEntry(VlmJudge.PLAUSIBILITY, 3.0);
        assertThat(server.requests()).extracting(b -> b.getJsonObject("response_format").getString("type"))
                .containsExactly("json_schema", "json_object");
    }

    @Test
    void ollamaProseAroundTheJsonIsRead() {
        server.models(StandInBodies.OLLAMA_MODELS).reply(Reply.ok(StandInBodies.ollama(StandInBodies.quoted(
                "Here is my rating:\n" + RATING + "\nThe edit is good."), "stop")));
        VlmJudge judge = judge(new JsonObject().put("model", "qwen2.5vl:7b"));
        assertThat(rate(judge)).containsEntry(VlmJudge.INSTRUCTION, 4.0);
        assertThat(judge.model()).isEqualTo("qwen2.5vl:7b");
    }

    @Test
    void anErrorIsLoggedAndMarkedNotThrown() {
        server.reply(Reply.status(404, "{\"error\":{\"message\":\"model \\\"qwen2.5vl:7b\\\" not found, try pulling it first\","
                + "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}"));
        VlmJudge judge = judge(new JsonObject().put("model", "qwen2.5vl:7b"));
        assertThat(rate(judge)).containsExactly(Map.entry(VlmJudge.UNAVAILABLE, 1.0));
        assertThat(judge.state().getString("lastFailure")).contains("not found, try pulling it first").startsWith("openai endpoint " + server.url());
        assertThat(judge.state().getLong("unavailable")).isEqualTo(1);
    }

    @Test
    void refusalsAndTruncatedOrMalformedAnswersAreUnavailable() {
        server.reply(Reply.ok(StandInBodies.vllm("null", "stop").replace("\"content\":null", "\"content\":null,\"refusal\":\"I can't rate that.\"")),
                Reply.ok(StandInBodies.ollama(StandInBodies.quoted("{\"instruction_following\": 4, \"appearance_"), "length")),
                Reply.ok(StandInBodies.llamaCpp(StandInBodies.quoted(RATING.replace(": 3,", ": 9,")), "stop")));
        VlmJudge judge = judge(new JsonObject().put("model", "m"));
        for (int i = 0; i < 3; i++) {
            assertThat(rate(judge)).containsOnlyKeys(VlmJudge.UNAVAILABLE);
        }
        assertThat(server.requests()).as("bad answers are not retried").hasSize(3);
        assertThat(judge.state().getString("lastFailure")).contains("outside 1..5");
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndOneBeyondTheBudgetGivesUp() {
        server.reply(new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "1"), 0), Reply.ok(StandInBodies.vllm(StandInBodies.quoted(RATING), "stop")));
        VlmJudge judge = judge(new JsonObject().put("model", "m").put("timeoutMs", 5000));
        assertThat(rate(judge)).containsKey(VlmJudge.INSTRUCTION);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));

        server.reply(new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "30"), 0));
        assertThat(rate(judge)).containsOnlyKeys(VlmJudge.UNAVAILABLE);
        assertThat(judge.state().getString("lastFailure")).contains("HTTP 429").contains("Retry-After 30000 ms");
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheBudget() {
        server.reply(new Reply(200, StandInBodies.vllm(StandInBodies.quoted(RATING), "stop"), Map.of(), 5_000));
        VlmJudge judge = judge(new JsonObject().put("model", "m").put("timeoutMs", 800));
        long t0 = System.nanoTime();
        assertThat(rate(judge)).containsOnlyKeys(VlmJudge.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1800));
        assertThat(judge.state().getString("lastFailure")).contains("no answer within 800 ms (scorer.judge.timeoutMs)");
    }

    @Test
    void noUrlNoJudge() {
        assertThat(VlmJudge.fromConfig(new JsonObject().put("url", ""))).isNull();
        assertThat(VlmJudge.fromConfig(null)).isNull();
    }
}
