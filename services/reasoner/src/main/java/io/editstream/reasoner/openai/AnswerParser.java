package io.editstream.reasoner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.ReasoningType;
import io.editstream.vlm.AnswerJson;
import io.editstream.vlm.ChatResponses;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiFailure.Kind;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a completion into ReasonBrain's output, or says why it cannot: whatever {@link AnswerJson} refuses (a
 * refusal, a truncated answer, no JSON object), a missing explicit instruction, or a scenario that is none of
 * ReasonBrain's five ({@link Kind#INVALID_ANSWER}). Field names are matched loosely ({@code explicit_instruction},
 * {@code explicitInstruction}, any case) and the scenario in any case, since prompt-only answers drift; objects are
 * lowercased, trimmed and deduplicated.
 */
public final class AnswerParser {
    private static final List<String> EXPLICIT_KEYS = List.of("explicit_instruction", "explicitinstruction", "explicit", "instruction");
    private static final List<String> SCENARIO_KEYS = List.of("scenario", "reasoning_type", "reasoningtype", "type");
    private static final int MAX_OBJECTS = 8;

    /** ReasonBrain's output as the model gave it. */
    public record Answer(String explicitInstruction, ReasoningType scenario, List<String> objects, String rationale) {
    }

    private AnswerParser() {
    }

    public static Answer parse(ChatResponses.Completion completion) {
        return fields(AnswerJson.object(completion, "reasoner.openai.maxTokens"));
    }

    static Answer fields(ObjectNode json) {
        Map<String, JsonNode> byKey = AnswerJson.fields(json);
        String explicit = AnswerJson.text(AnswerJson.first(byKey, EXPLICIT_KEYS));
        if (explicit.isBlank()) {
            throw new OpenAiFailure(Kind.MALFORMED, "the answer has no explicit_instruction: " + ChatResponses.snippet(json.toString()));
        }
        String scenario = AnswerJson.text(AnswerJson.first(byKey, SCENARIO_KEYS)).strip();
        ReasoningType type;
        try {
            type = ReasoningType.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OpenAiFailure(Kind.INVALID_ANSWER, "the answer's scenario '" + scenario + "' is none of "
                    + Arrays.toString(ReasoningType.values()));
        }
        return new Answer(explicit.strip(), type, objects(byKey.get("objects")), AnswerJson.text(byKey.get("rationale")).strip());
    }

    /** An array of phrases, or one comma-separated string of them. */
    private static List<String> objects(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> add(out, AnswerJson.text(item)));
        } else if (node != null && node.isTextual()) {
            Arrays.stream(node.asText().split(",")).forEach(item -> add(out, item));
        }
        return out.stream().limit(MAX_OBJECTS).toList();
    }

    private static void add(Set<String> out, String phrase) {
        String p = phrase.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (!p.isEmpty()) {
            out.add(p);
        }
    }
}
