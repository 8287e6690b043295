package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.vlm.OpenAiFailure.Kind;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServer;
import io.editstream.testing.StubChatServer.Reply;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client against an endpoint where nothing listens, one that answers garbage (a proxy's HTML page, a 200 that is
 * no completion), and the circuit breaker that stops calling it and lets it back in once it answers again.
 */
class OpenAiClientTest {
    private static final ChatPrompt PROMPT = new ChatPrompt("system", List.of(ChatPrompt.image("data:x"), ChatPrompt.text("i")), "answer",
            new JsonObject().put("type", "object"));

    private static OpenAiSettings settings(JsonObject section) {
        return OpenAiSettings.from(section, "test.vlm", "TEST_VLM_URL");
    }

    @Test
    void nothingListeningIsUnreachableNamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        OpenAiSettings settings = settings(new JsonObject().put("url", "http://127.0.0.1:" + port).put("model", "m")
                .put("timeoutMs", 2000));
        OpenAiClient client = new OpenAiClient(settings, d -> { });
        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(f.getMessage()).startsWith("openai endpoint http://127.0.0.1:" + port + "/v1/chat/completions: cannot reach");
        });
        assertThat(client.probe()).startsWith("not reachable yet");
    }

    @Test
    void garbageIsABadResponse() throws Exception {
        try (StubChatServer server = new StubChatServer()) {
            server.reply(Reply.status(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"), Reply.ok("garbage"));
            OpenAiClient client = new OpenAiClient(settings(new JsonObject().put("url", server.url()).put("model", "m")
                    .put("maxRetries", 1)), d -> { });
            assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
                assertThat(f.kind()).as("the 502 is retried, the garbage 200 is not").isEqualTo(Kind.BAD_RESPONSE);
                assertThat(f.getMessage()).contains("not a JSON object: garbage");
            });
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void theCircuitOpensOnRepeatedFailuresAndClosesWhenTheServerAnswersAgain() throws Exception {
        try (StubChatServer server = new StubChatServer()) {
            server.reply(Reply.status(500, "{\"error\":{\"code\":500,\"message\":\"boom\",\"type\":\"server_error\"}}"));
            OpenAiClient client = new OpenAiClient(settings(new JsonObject().put("url", server.url()).put("model", "m")
                    .put("maxRetries", 0).put("circuitFailures", 2).put("circuitOpenMs", 300)), d -> { });
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.complete(PROMPT)).hasMessageContaining("HTTP 500");
            }
            assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(OpenAiFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
                assertThat(f.getMessage()).contains(server.url()).contains("2 consecutive failures").contains("boom");
            });
            assertThat(server.requests()).as("an open circuit calls nobody").hasSize(2);

            server.reply(Reply.ok(StandInBodies.vllm(StandInBodies.quoted("{\"answer\": \"red ball\"}"), "stop")));
            Thread.sleep(350);
            assertThat(client.complete(PROMPT).content()).contains("red ball");
            assertThat(client.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }
}
