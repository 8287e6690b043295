package io.editstream.scorer.judge;

import io.editstream.vlm.ChatImages;
import io.editstream.vlm.ChatResponses;
import io.editstream.vlm.CircuitBreaker;
import io.editstream.vlm.OpenAiClient;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiSettings;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's VLM judge: an OpenAI-compatible vision-language model ({@code scorer.judge.*}, see
 * {@link OpenAiSettings}) rates each edit 1–5 on instruction following, appearance consistency and visual
 * plausibility ({@link JudgePrompt}, RISEBench / KRIS-Bench). The ratings join the output's scores as
 * {@value #INSTRUCTION}, {@value #CONSISTENCY} and {@value #PLAUSIBILITY}.
 *
 * <p>A judge that cannot answer does not lose the edit: when the endpoint is down, slow (the whole call, retries
 * included, is bounded by {@code timeoutMs}), rate limited past the budget, behind an open circuit, refusing, or
 * answering something that is no rating, the edit is scored without the judge, the failure is logged with its
 * reason, and the scores carry {@value #UNAVAILABLE} = 1 instead of the three ratings, so reports can count the
 * edits the judge missed. Thread-safe.
 */
public final class VlmJudge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VlmJudge.class);
    public static final String INSTRUCTION = "judge_instruction";
    public static final String CONSISTENCY = "judge_consistency";
    public static final String PLAUSIBILITY = "judge_plausibility";
    /** Marks an edit the judge was asked about but gave no ratings for. */
    public static final String UNAVAILABLE = "judge_unavailable";
    /** The model name when neither the server's answer nor the config gives one. */
    static final String UNNAMED = "openai-compatible";

    private final OpenAiSettings settings;
    private final OpenAiClient client;
    private final AtomicLong rated = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile String answeringModel = "";
    private volatile String lastFailure = "";

    public VlmJudge(OpenAiSettings settings) {
        this(settings, new OpenAiClient(settings));
    }

    VlmJudge(OpenAiSettings settings, OpenAiClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** The settings of the config section {@code scorer.judge}. */
    public static OpenAiSettings settings(JsonObject judge) {
        return OpenAiSettings.from(judge, "scorer.judge", "SCORER_JUDGE_URL");
    }

    /** The judge {@code scorer.judge} configures; null when its {@code url} is empty (no judge). */
    public static VlmJudge fromConfig(JsonObject judge) {
        if (judge == null || judge.getString("url", "").isBlank()) {
            return null;
        }
        return new VlmJudge(settings(judge));
    }

    /** The three ratings, or {@value #UNAVAILABLE} = 1 when the judge gave none (logged with the reason). */
    public Map<String, Double> rate(BufferedImage source, BufferedImage edited, String instruction, String requestId) {
        Map<String, Double> scores = new TreeMap<>();
        try {
            int side = settings.maxImageSide();
            ChatResponses.Completion completion = client.complete(JudgePrompt.prompt(ChatImages.dataUri(source, side),
                    ChatImages.dataUri(edited, side), instruction));
            JudgeAnswer.Ratings ratings;
            try {
                ratings = JudgeAnswer.parse(completion);
            } catch (OpenAiFailure f) {
                throw f.at(client.endpoint());
            }
            if (!completion.model().isBlank()) {
                answeringModel = completion.model();
            }
            scores.put(INSTRUCTION, ratings.instructionFollowing());
            scores.put(CONSISTENCY, ratings.appearanceConsistency());
            scores.put(PLAUSIBILITY, ratings.visualPlausibility());
            rated.incrementAndGet();
            LOG.debug("request {}: judge {} — {}", requestId, scores, ratings.reason());
        } catch (OpenAiFailure f) {
            missed.incrementAndGet();
            lastFailure = f.getMessage();
            LOG.warn("request {}: scored without the judge ({}): {}", requestId, f.kind(), f.getMessage());
            scores.put(UNAVAILABLE, 1.0);
        }
        return scores;
    }

    /** The judge's model: the one the server last answered with, else the configured or listed one. */
    public String model() {
        return !answeringModel.isEmpty() ? answeringModel : !client.requestModel().isEmpty() ? client.requestModel() : UNNAMED;
    }

    /** The endpoint's state for {@code /health/judge}. */
    public JsonObject state() {
        CircuitBreaker breaker = client.breaker();
        return new JsonObject().put("judge", true).put("endpoint", client.endpoint()).put("model", model())
                .put("circuit", breaker.state().name()).put("rated", rated.get()).put("unavailable", missed.get())
                .put("lastFailure", lastFailure).put("responseFormat", client.responseMode().label());
    }

    /** Probes the endpoint (never fatal) and says what it found, for the start-up log. */
    public String probe() {
        return client.probe();
    }

    public String description() {
        return "VLM judge at " + client.endpoint() + " (model " + (settings.model().isEmpty() ? "the server's first" : settings.model())
                + ", timeout " + settings.timeout().toMillis() + " ms, " + settings.maxConcurrency() + " in flight, images ≤ "
                + settings.maxImageSide() + " px)";
    }

    public int maxConcurrency() {
        return settings.maxConcurrency();
    }

    @Override
    public void close() {
        client.close();
    }
}
