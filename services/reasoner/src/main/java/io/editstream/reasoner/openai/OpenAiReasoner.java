package io.editstream.reasoner.openai;

import io.editstream.reasoner.Reasoning;
import io.editstream.reasoner.ReasoningBackend;
import io.editstream.vlm.ChatImages;
import io.editstream.vlm.ChatResponses;
import io.editstream.vlm.CircuitBreaker;
import io.editstream.vlm.OpenAiClient;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiSettings;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The reasoner on a vision-language model behind an OpenAI-compatible chat-completions server (vLLM, SGLang,
 * llama.cpp server, Ollama): the source image and the instruction go out, ReasonBrain's output (explicit
 * instruction, scenario, objects, rationale) comes back as JSON. Such a model has no hidden states to hand on, so
 * the reasoning carries no guidance tokens and the enhancer conditions on the explicit instruction. The model id
 * is the one the server names in its answer; the model gives no probability, so the confidence is 1.
 */
public final class OpenAiReasoner implements ReasoningBackend {
    /** The model id when neither the server's answer nor the config names one. */
    static final String UNNAMED = "openai-compatible";

    private final OpenAiSettings settings;
    private final OpenAiClient client;

    /** The settings of the config section {@code reasoner.openai}. */
    public static OpenAiSettings settings(JsonObject openai) {
        return OpenAiSettings.from(openai, "reasoner.openai", "REASONER_OPENAI_URL");
    }

    public OpenAiReasoner(OpenAiSettings settings) {
        this(settings, new OpenAiClient(settings));
    }

    OpenAiReasoner(OpenAiSettings settings, OpenAiClient client) {
        this.settings = settings;
        this.client = client;
    }

    @Override
    public Reasoning reason(BufferedImage image, String instruction) {
        ChatResponses.Completion completion = client.complete(ChatRequests.prompt(ChatImages.dataUri(image, settings.maxImageSide()), instruction));
        AnswerParser.Answer answer;
        try {
            answer = AnswerParser.parse(completion);
        } catch (OpenAiFailure f) {
            throw f.at(client.endpoint());
        }
        String model = !completion.model().isBlank() ? completion.model()
                : !client.requestModel().isEmpty() ? client.requestModel() : UNNAMED;
        return new Reasoning(answer.explicitInstruction(), answer.scenario(), 1f, null, answer.objects(), answer.rationale(),
                model, completion.fingerprint());
    }

    /** Readiness: the endpoint's circuit is not open. */
    public Map<String, BooleanSupplier> readiness() {
        return Map.of("openai-endpoint", () -> client.breaker().state() != CircuitBreaker.State.OPEN);
    }

    /** The endpoint's state for {@code /health/reasoner}. */
    public JsonObject state() {
        CircuitBreaker breaker = client.breaker();
        return new JsonObject().put("backend", "openai").put("endpoint", client.endpoint())
                .put("model", client.requestModel()).put("circuit", breaker.state().name())
                .put("consecutiveFailures", breaker.consecutiveFailures()).put("lastFailure", breaker.lastFailure())
                .put("responseFormat", client.responseMode().label());
    }

    /** Probes the endpoint (never fatal) and says what it found, for the start-up log. */
    public String probe() {
        return client.probe();
    }

    @Override
    public String description() {
        return "openai-compatible endpoint " + client.endpoint() + " (model " + (settings.model().isEmpty()
                ? "the server's first" : settings.model()) + ", timeout " + settings.timeout().toMillis() + " ms, "
                + settings.maxConcurrency() + " in flight, response_format " + settings.responseFormat() + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}
