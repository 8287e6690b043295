package io.editstream.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.vlm.AnswerJson;
import io.editstream.vlm.ChatResponses;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiFailure.Kind;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The judge's three ratings from a completion, or why there are none: whatever {@link AnswerJson} refuses (a
 * refusal, an answer cut off before its JSON closed, no JSON object), a rating missing ({@link Kind#MALFORMED}) or
 * one outside 1..5 ({@link Kind#INVALID_ANSWER}). Prompt-only answers drift, so names are read loosely
 * ({@code instruction_following}, {@code instructionFollowing}, {@code instruction}, RISEBench's
 * {@code instruction_reasoning}; {@code consistency}, KRIS-Bench's {@code visual_consistency}; {@code plausibility},
 * {@code visual_quality}) and a rating may be a number, a numeric string, or "4/5".
 */
public final class JudgeAnswer {
    private static final List<String> INSTRUCTION_KEYS = List.of(JudgePrompt.INSTRUCTION_FOLLOWING, "instructionfollowing",
            "instruction_reasoning", "instructionreasoning", "instruction", "following");
    private static final List<String> CONSISTENCY_KEYS = List.of(JudgePrompt.APPEARANCE_CONSISTENCY, "appearanceconsistency",
            "visual_consistency", "visualconsistency", "consistency");
    private static final List<String> PLAUSIBILITY_KEYS = List.of(JudgePrompt.VISUAL_PLAUSIBILITY, "visualplausibility",
            "plausibility", "visual_quality", "visualquality");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*5|out of 5)?");

    /** The ratings (1..5) and the judge's reason. */
    public record Ratings(double instructionFollowing, double appearanceConsistency, double visualPlausibility, String reason) {
    }

    private JudgeAnswer() {
    }

    public static Ratings parse(ChatResponses.Completion completion) {
        return fields(AnswerJson.object(completion, "scorer.judge.maxTokens"));
    }

    static Ratings fields(ObjectNode json) {
        Map<String, JsonNode> byKey = AnswerJson.fields(json);
        return new Ratings(rating(json, byKey, INSTRUCTION_KEYS), rating(json, byKey, CONSISTENCY_KEYS),
                rating(json, byKey, PLAUSIBILITY_KEYS), AnswerJson.text(byKey.get(JudgePrompt.REASON)).strip());
    }

    private static double rating(ObjectNode json, Map<String, JsonNode> byKey, List<String> keys) {
        JsonNode node = AnswerJson.first(byKey, keys);
        if (node == null) {
            throw new OpenAiFailure(Kind.MALFORMED, "the answer has no " + keys.get(0) + ": " + ChatResponses.snippet(json.toString()));
        }
        double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else {
            Matcher m = LEADING_NUMBER.matcher(AnswerJson.text(node));
            if (!m.find()) {
                throw new OpenAiFailure(Kind.INVALID_ANSWER, "the answer's " + keys.get(0) + " is no rating: " + ChatResponses.snippet(node.toString()));
            }
            value = Double.parseDouble(m.group(1));
        }
        if (!(value >= 1 && value <= 5)) {
            throw new OpenAiFailure(Kind.INVALID_ANSWER, "the answer's " + keys.get(0) + " " + node + " is outside 1..5");
        }
        return value;
    }
}
