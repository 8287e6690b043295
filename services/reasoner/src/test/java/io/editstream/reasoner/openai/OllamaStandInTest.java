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
 * Stand-in for an external Ollama server ({@code ollama run qwen2.5vl:7b}) on its OpenAI compatibility endpoint
 * {@code /v1/chat/completions}: the in-test server answers with the bodies Ollama writes — {@code chat.completion} with
 * {@code system_fingerprint: fp_ollama} and {@code finish_reason} stop or length — and its errors
 * {@code {"error": {"message", "type", "param", "code": null}}}: a model not pulled (404), a crashed runner (500). Prose
 * around the JSON, an apology instead of JSON, and a scenario outside ReasonBrain's five are what a prompt-only
 * answer (an Ollama that ignores the schema) looks like.
 */
class OllamaStandInTest extends StubChatServerTest {
    OllamaStandInTest() {
        super(StandInBodies.OLLAMA_MODELS);
    }

    static String completion(String content, String finish) {
        return StandInBodies.ollama(content, finish);
    }

    private StandIns standIn() {
        return new StandIns(server, new JsonObject().put("model", "qwen2.5vl:7b"));
    }

    @Test
    void proseAroundTheJsonIsRead() {
        server.reply(Reply.ok(completion(StandIns.quoted("Here is the edit:\n" + StandIns.ANSWER.replace("PHYSICAL", "physical")
                + "\nLet me know if you need more."), "stop")));
        Reasoning r = standIn().reason();
        assertThat(r.type()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(r.modelId()).isEqualTo("qwen2.5vl:7b");
        assertThat(server.requests().get(0).getString("model")).isEqualTo("qwen2.5vl:7b");
    }

    @Test
    void aModelNotPulledIsAClientErrorNamingIt() {
        server.reply(Reply.status(404, "{\"error\":{\"message\":\"model \\\"qwen2.5vl:7b\\\" not found, try pulling it first\","
                + "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}"));
        assertThatThrownBy(() -> standIn().reason()).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.CLIENT_ERROR);
            assertThat(f.getMessage()).contains("model \"qwen2.5vl:7b\" not found, try pulling it first (not_found_error)");
        });
    }

    @Test
    void aCrashedRunnerIsAServerErrorRetriedThenFailed() {
        server.reply(Reply.status(500, "{\"error\":{\"message\":\"llama runner process has terminated: exit status 2\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":null}}"));
        StandIns standIn = standIn();
        assertThatThrownBy(standIn::reason).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.getMessage()).contains("HTTP 500: llama runner process has terminated"));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void anApologyInsteadOfJsonIsARefusal() {
        server.reply(Reply.ok(completion(StandIns.quoted("I'm sorry, but I can't help with editing this image."), "stop")));
        assertThatThrownBy(() -> standIn().reason()).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.REFUSED));
    }

    @Test
    void aScenarioOutsideReasonBrainsFiveIsUnknown() {
        server.reply(Reply.ok(completion(StandIns.quoted(StandIns.ANSWER.replace("PHYSICAL", "HYPOTHETICAL")), "stop")));
        assertThatThrownBy(() -> standIn().reason()).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.INVALID_ANSWER);
            assertThat(f.getMessage()).contains("'HYPOTHETICAL'").contains(server.url());
        });
    }

    @Test
    void anAnswerCutAtNumPredictIsTruncated() {
        server.reply(Reply.ok(completion(StandIns.quoted("{\"explicit_instruction\": \"move the"), "length")));
        assertThatThrownBy(() -> standIn().reason()).isInstanceOfSatisfying(OpenAiFailure.class,
                f -> assertThat(f.kind()).isEqualTo(OpenAiFailure.Kind.TRUNCATED));
    }
}
