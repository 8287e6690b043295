package io.editstream.scorer.judge;

import io.editstream.vlm.ChatPrompt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The prompt that asks a vision-language model to judge one edit the way RISEBench and KRIS-Bench do: the source
 * image, the edited image and the instruction in one user message, and three ratings from 1 to 5 back as JSON —
 * instruction following (did the edit do what was asked, including what a reasoning instruction implies),
 * appearance consistency (is what was not asked to change kept) and visual plausibility (does the result look
 * natural, without artefacts) — plus a one-sentence reason. The answer is constrained by a JSON schema whose
 * ratings are integers 1..5.
 */
public final class JudgePrompt {
    static final String INSTRUCTION_FOLLOWING = "instruction_following";
    static final String APPEARANCE_CONSISTENCY = "appearance_consistency";
    static final String VISUAL_PLAUSIBILITY = "visual_plausibility";
    static final String REASON = "reason";

    static final String SYSTEM_PROMPT = """
            You are an expert judge of instruction-based image editing. You are shown the SOURCE image, then the EDITED \
            image that an editing model produced from it, then the editing instruction it was given. The instruction may \
            be explicit ("make the ball blue") or ask for reasoning ("what would the ball look like after a week in the \
            sun?"); in that case judge against the change it implies.
            Rate the EDITED image on three criteria, each an integer from 1 (worst) to 5 (best):
            - "instruction_following": does the edit carry out what the instruction asks? 1 = not at all, or the image \
            is unchanged; 3 = partly, or only roughly; 5 = fully and precisely.
            - "appearance_consistency": is everything the instruction does not ask to change kept as in the source \
            (layout, objects, their identity, colours, background)? 1 = the scene is replaced or heavily altered; \
            3 = noticeable unwanted changes; 5 = only the asked-for change.
            - "visual_plausibility": does the edited image look natural and physically plausible, free of artefacts, \
            distortions and impossible geometry? 1 = broken or implausible; 3 = visible flaws; 5 = realistic.
            Answer with one JSON object and nothing else: {"instruction_following": n, "appearance_consistency": n, \
            "visual_plausibility": n, "reason": "one short sentence"}.""";

    private JudgePrompt() {
    }

    /** The JSON schema the answer must follow. */
    static JsonObject answerSchema() {
        JsonObject rating = new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 5);
        return new JsonObject().put("type", "object")
                .put("properties", new JsonObject()
                        .put(INSTRUCTION_FOLLOWING, rating.copy())
                        .put(APPEARANCE_CONSISTENCY, rating.copy())
                        .put(VISUAL_PLAUSIBILITY, rating.copy())
                        .put(REASON, new JsonObject().put("type", "string")))
                .put("required", new JsonArray().add(INSTRUCTION_FOLLOWING).add(APPEARANCE_CONSISTENCY).add(VISUAL_PLAUSIBILITY).add(REASON))
                .put("additionalProperties", false);
    }

    /** The prompt for one edit; the images are data URIs ({@link io.editstream.vlm.ChatImages#dataUri}). */
    public static ChatPrompt prompt(String sourceDataUri, String editedDataUri, String instruction) {
        return new ChatPrompt(SYSTEM_PROMPT, List.of(
                ChatPrompt.text("SOURCE image:"), ChatPrompt.image(sourceDataUri),
                ChatPrompt.text("EDITED image:"), ChatPrompt.image(editedDataUri),
                ChatPrompt.text("Instruction: " + instruction)), "edit_rating", answerSchema());
    }
}
