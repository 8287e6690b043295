package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.ReasoningType;
import io.editstream.reasoner.Reasoning;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServerTest;
import io.editstream.testing.StubChatServer.Reply;
import io.editstream.vlm.OpenAiFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Stand-in for an external llama.cpp server ({@code llama-server -m qwen2.5-vl-7b.gguf --mmproj mmproj.gguf}): the
 * in-test server answers with the bodies of llama.cpp's OpenAI-compatible {@code /v1/chat/completions} — keys in its
 * order, {@code system_fingerprint} of the build, {@code timings}, the model named {@code gpt-3.5-turbo} unless an alias
 * is set — and its errors {@code {"error": {"code", "message", "type"}}}: the 400 of a build that knows only
 * {@code json_object}, 503 "Loading model", a model started without its multimodal projector, a prompt beyond the context.
 */
class LlamaCppStandInTest extends StubChatServerTest {
    LlamaCppStandInTest() {
        super(StandInBodies.LLAMA_CPP_MODELS);
    }

    static String completion(String content, String finish) {
        return StandInBodies.llamaCpp(content, finish);
    }

    static String error(int code, String message, String type) {
        return StandInBodies.llamaCppError(code, message, type);
    }

    @Test
    void anOlderBuildRefusesJsonSchemaAndAnswersJsonObjectInAFence() {
        server.reply(Reply.status(400, error(400, "response_format type must be one of \"text\" or \"json_object\", but got: json_schema",
                        "invalid_request_error")),
                Reply.ok(completion(StandIns.quoted("```json\n" + StandIns.ANSWER + "\n```"), "stop")));
        StandIns standIn = new StandIns(server);
        Reasoning r = standIn.reason();

        assertThat(r.explicitInstruction()).isEqualTo("move the red ball to the floor");
        assertThat(r.modelId()).as("the name llama.cpp answers with").isEqualTo("gpt-3.5-turbo");
        assertThat(r.modelVersion()).isEqualTo("b4521-6171c9d2");
        JsonObject second = server.requests().get(1).getJsonObject("response_format");
        assertThat(second.getString("type")).isEqualTo("json_object");
        assertThat(second.getJsonObject("schema")).as("llama.cpp constrains json_object by this schema").isNotNull();
    }

    @Test
    void loadingModel503IsRetriedWithBackoff() {
        server.reply(Reply.status(503, error(503, "Loading model", "unavailable_error")),
                Reply.ok(completion(StandIns.quoted(StandIns.ANSWER), "stop")));
        StandIns standIn = new StandIns(server);
        assertThat(standIn.reason().type()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(standIn.waits).hasSize(1);
    }

    @Test
    void a503ThatStaysGivesUpAfterTheRetriesNamingTheEndpoint() {
        server.reply(Reply.status(503, error(503, "Loading model", "unavailable_error")));
        StandIns standIn = new StandIns(server);
        assertThatThrownBy(standIn::reason).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.SERVER_ERROR);
            assertThat(f.getMessage()).startsWith("openai endpoint " + server.url() + "/chat/completions: HTTP 503: Loading model (unavailable_error)")
                    .contains("attempt 3");
        });
        assertThat(standIn.waits).hasSize(2);
    }

    @Test
    void aModelWithoutItsProjectorIsAClientErrorWithoutFormatFallbacks() {
        server.reply(Reply.status(400, error(400, "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj",
                "invalid_request_error")));
        assertThatThrownBy(() -> new StandIns(server).reason()).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.CLIENT_ERROR);
            assertThat(f.getMessage()).contains("mmproj");
        });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aPromptBeyondTheContextIsAClientError() {
        server.reply(Reply.status(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
                + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}"));
        assertThatThrownBy(() -> new StandIns(server).reason()).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.getMessage()).contains("exceeds the available context size, try increasing it (exceed_context_size_error)"));
    }

    @Test
    void truncatedJsonWithoutALengthFinishIsStillTruncated() {
        server.reply(Reply.ok(completion(StandIns.quoted("{\"explicit_instruction\": \"move the red ball\", \"scenario\": \"PHYS"), "stop")));
        assertThatThrownBy(() -> new StandIns(server).reason()).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.TRUNCATED));
    }
}
