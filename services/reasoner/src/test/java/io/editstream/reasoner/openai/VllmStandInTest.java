package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.ReasoningType;
import io.editstream.reasoner.Reasoning;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServerTest;
import io.editstream.testing.StubChatServer.Reply;
import io.editstream.vlm.ChatResponses;
import io.editstream.vlm.CircuitBreaker;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.ResponseMode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stand-in for an external vLLM server ({@code vllm serve Qwen/Qwen2.5-VL-7B-Instruct}): the in-test server answers
 * with the bodies vLLM's OpenAI-compatible server writes — its chat.completion (with {@code reasoning_content},
 * {@code stop_reason}, {@code prompt_logprobs}), {@code finish_reason: length}, an OpenAI-style {@code refusal}, both
 * of its error shapes ({@code {"object": "error", …}} before 0.8, {@code {"error": {…}}} after), the 400 of a vLLM
 * that predates {@code json_schema}, a 429 with Retry-After from a proxy in front of it, and a server that never answers.
 */
class VllmStandInTest extends StubChatServerTest {
    VllmStandInTest() {
        super(StandInBodies.VLLM_MODELS);
    }

    static String completion(String content, String finish) {
        return StandInBodies.vllm(content, finish);
    }

    @Test
    void aSchemaConstrainedAnswerBecomesTheReasoningWithTheServersModelName() {
        server.reply(Reply.ok(completion(StandIns.quoted(StandIns.ANSWER), "stop")));
        Reasoning r = new StandIns(server).reason();

        assertThat(r.explicitInstruction()).isEqualTo("move the red ball to the floor");
        assertThat(r.type()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(r.objects()).containsExactly("red ball", "table");
        assertThat(r.rationale()).startsWith("A ball pushed");
        assertThat(r.guidance()).isNull();
        assertThat(r.modelId()).isEqualTo("Qwen/Qwen2.5-VL-7B-Instruct");

        JsonObject sent = server.requests().get(0);
        assertThat(sent.getString("model")).as("no model configured: the first of /v1/models").isEqualTo("Qwen/Qwen2.5-VL-7B-Instruct");
        assertThat(sent.getJsonObject("response_format").getString("type")).isEqualTo("json_schema");
        assertThat(sent.getJsonObject("response_format").getJsonObject("json_schema").getJsonObject("schema").getJsonObject("properties")
                .getJsonObject("scenario").getJsonArray("enum")).contains("EXPLICIT", "STORY");
        JsonObject user = sent.getJsonArray("messages").getJsonObject(1);
        assertThat(user.getJsonArray("content").getJsonObject(0).getJsonObject("image_url").getString("url")).startsWith("data:image/png;base64,");
        assertThat(user.getJsonArray("content").getJsonObject(1).getString("text")).contains("rolled off the table");
    }

    @Test
    void anAnswerCutOffAtMaxTokensIsTruncated() {
        server.reply(Reply.ok(completion(StandIns.quoted("{\"explicit_instruction\": \"move the red ball to the fl"), "length")));
        assertThatThrownBy(() -> new StandIns(server).reason()).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.TRUNCATED);
            assertThat(f.getMessage()).startsWith("openai endpoint " + server.url() + "/chat/completions: ").contains("finish_reason length");
        });
    }

    @Test
    void aRefusalIsFinal() {
        server.reply(Reply.ok(completion("null", "stop").replace("\"content\":null", "\"content\":null,\"refusal\":\"I'm sorry, I can't help with that.\"")));
        StandIns standIn = new StandIns(server);
        assertThatThrownBy(standIn::reason).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.REFUSED));
        assertThat(server.requests()).as("a refusal is not retried").hasSize(1);
        assertThat(standIn.client.breaker().state()).as("the endpoint answered").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void bothErrorShapesAreReadAndA404IsNotRetried() {
        server.reply(Reply.status(404, "{\"object\":\"error\",\"message\":\"The model `qwen` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}"));
        assertThatThrownBy(() -> new StandIns(server, new JsonObject().put("model", "qwen")).reason())
                .isInstanceOfSatisfying(OpenAiFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.CLIENT_ERROR);
                    assertThat(f.getMessage()).contains("HTTP 404: The model `qwen` does not exist. (NotFoundError)");
                });
        assertThat(ChatResponses.errorMessage("{\"error\":{\"message\":\"The model `qwen` does not exist.\",\"type\":\"NotFoundError\","
                + "\"param\":null,\"code\":404}}")).isEqualTo("The model `qwen` does not exist. (NotFoundError)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServerWithoutJsonSchemaIsAskedWithJsonObjectWhichIsThenKept() {
        server.reply(Reply.status(400, "{\"object\":\"error\",\"message\":\"[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
                        + "'msg': \\\"Input should be 'text' or 'json_object'\\\", 'input': 'json_schema'}]\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"),
                Reply.ok(completion(StandIns.quoted(StandIns.ANSWER), "stop")));
        StandIns standIn = new StandIns(server);
        assertThat(standIn.reason().type()).isEqualTo(ReasoningType.PHYSICAL);
        standIn.reason();

        assertThat(server.requests()).extracting(b -> b.getJsonObject("response_format").getString("type"))
                .containsExactly("json_schema", "json_object", "json_object");
        assertThat(standIn.client.responseMode()).isEqualTo(ResponseMode.JSON_OBJECT);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() {
        server.reply(new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "1"), 0), Reply.ok(completion(StandIns.quoted(StandIns.ANSWER), "stop")));
        StandIns standIn = new StandIns(server, new JsonObject().put("timeoutMs", 5000));
        assertThat(standIn.reason().explicitInstruction()).isEqualTo("move the red ball to the floor");
        assertThat(standIn.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterBeyondTheTimeoutFailsAtOnceNamingIt() {
        server.reply(new Reply(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "30"), 0));
        StandIns standIn = new StandIns(server);
        assertThatThrownBy(standIn::reason).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.RATE_LIMITED);
            assertThat(f.getMessage()).contains("HTTP 429").contains("Retry-After 30000 ms");
        });
        assertThat(standIn.waits).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheBudget() {
        server.reply(new Reply(200, completion(StandIns.quoted(StandIns.ANSWER), "stop"), Map.of(), 5_000));
        StandIns standIn = new StandIns(server, new JsonObject().put("timeoutMs", 800).put("model", "m"));
        long t0 = System.nanoTime();
        assertThatThrownBy(standIn::reason).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.TIMEOUT);
            assertThat(f.getMessage()).contains(server.url()).contains("800 ms");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1800));
    }
}
