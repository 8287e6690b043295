package io.editstream.enhancer;

import io.editstream.stage.StageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The enhancer's settings: what every stage reads ({@link StageSettings}: port, broker, storage, bundle,
 * device) plus its own. {@code join.windowMs} is how long one half of a request (guidance or cues) waits for
 * the other before the request fails; {@code fusion.maxAttempts} and {@code fusion.retryBackoffMs} bound the
 * retries of a fusion that fails for a reason other than bad input; {@code fusion.mode} is {@code learned}
 * (the bundle's fusion.onnx), {@code text_encoder} (the explicit instruction through the CLIP text encoder
 * of an Optimum export, for full-size InstructPix2Pix renderers) or {@code auto} (default: {@code text_encoder}
 * when the reasoner backend is {@code openai}, which has no guidance tokens to fuse, i.e. when
 * REASONER_OPENAI_URL / {@code reasoner.openai.url} is set for the enhancer too; else {@code learned}); an
 * explicit {@code learned} with the openai backend is refused; an empty {@code streams.stateDir} means a
 * folder under the system temp directory. {@code render.offloadTextEncoders} (the renderer's section, since the
 * text encoders of its FLUX bundle run here) loads them per request and releases them after encoding.
 */
public record EnhancerConfig(StageSettings stage, Duration joinWindow, int fusionAttempts, Duration fusionBackoff,
                             String applicationId, Path stateDir, String fusionMode, boolean offloadTextEncoders) {

    /** The shortest punctuation interval: below it the scans of the pending stores would cost more than they help. */
    static final Duration MIN_SWEEP = Duration.ofMillis(100);
    /** fusion.mode: the bundle's learned fusion.onnx (default) or the CLIP text encoder of an Optimum export. */
    public static final String LEARNED = "learned";
    public static final String TEXT_ENCODER = "text_encoder";
    /** fusion.mode: text_encoder when paired with the openai reasoner backend, else learned. */
    public static final String AUTO = "auto";

    public EnhancerConfig {
        if (joinWindow.isNegative() || joinWindow.isZero()) {
            throw new IllegalArgumentException("join.windowMs must be positive, got " + joinWindow.toMillis());
        }
        if (fusionAttempts < 1) {
            throw new IllegalArgumentException("fusion.maxAttempts must be at least 1, got " + fusionAttempts);
        }
        if (!fusionMode.equals(LEARNED) && !fusionMode.equals(TEXT_ENCODER)) {
            throw new IllegalArgumentException("fusion.mode must be " + AUTO + ", " + LEARNED + " or " + TEXT_ENCODER + ", got '"
                    + fusionMode + "'");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("streams.applicationId must not be empty");
        }
    }

    public static EnhancerConfig from(JsonObject config) {
        StageSettings stage = StageSettings.from(config, "enhancer");
        JsonObject join = stage.section("join");
        JsonObject fusion = stage.section("fusion");
        JsonObject streams = stage.section("streams");
        String stateDir = streams.getString("stateDir", "");
        return new EnhancerConfig(stage,
                Duration.ofMillis(join.getLong("windowMs", 60_000L)),
                fusion.getInteger("maxAttempts", 3),
                Duration.ofMillis(fusion.getLong("retryBackoffMs", 200L)),
                streams.getString("applicationId", "enhancer"),
                stateDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "editstream-enhancer-streams")
                        : Path.of(stateDir),
                fusionMode(fusion.getString("mode", AUTO).trim().toLowerCase(Locale.ROOT), stage.reasonerBackend()),
                stage.section("render").getBoolean("offloadTextEncoders", false));
    }

    /** The mode that runs: {@code auto} pairs the openai reasoner backend (no guidance tokens) with the text encoder. */
    static String fusionMode(String configured, String reasonerBackend) {
        boolean openai = reasonerBackend.equals("openai");
        if (configured.equals(AUTO)) {
            return openai ? TEXT_ENCODER : LEARNED;
        }
        if (openai && configured.equals(LEARNED)) {
            throw new IllegalArgumentException("fusion.mode learned needs the reasoner's guidance tokens, but the reasoner backend is"
                    + " openai (reasoner.openai.url / REASONER_OPENAI_URL is set), which has none; use fusion.mode auto or text_encoder");
        }
        return configured;
    }

    /** Whether the text encoder runs because the reasoner is on its openai backend (for the start-up log). */
    public boolean pairedWithOpenAiReasoner() {
        return textEncoderMode() && stage.reasonerBackend().equals("openai");
    }

    public boolean textEncoderMode() {
        return fusionMode.equals(TEXT_ENCODER);
    }

    /** How often pending halves are checked against the window: a tenth of it, but never under 100 ms. */
    public Duration sweepInterval() {
        Duration tenth = joinWindow.dividedBy(10);
        return tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth;
    }
}
