package io.editstream.reasoner.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.ReasoningType;
import io.editstream.reasoner.openai.OpenAiFailure.Kind;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a completion into ReasonBrain's output, or says why it cannot: a refusal (the {@code refusal} field,
 * {@code finish_reason: content_filter}, or an apology instead of JSON), an answer cut off before its JSON closed,
 * text with no JSON object, a missing explicit instruction, or a scenario that is none of ReasonBrain's five.
 * Field names are matched loosely ({@code explicit_instruction}, {@code explicitInstruction}, any case) and the
 * scenario in any case, since prompt-only answers drift; objects are lowercased, trimmed and deduplicated.
 */
public final class AnswerParser {
    private static final Pattern APOLOGY = Pattern.compile(
            "(?is)^\\W*(i'?m sorry|i am sorry|sorry|i can(?:no|')t|i cannot|i won'?t|i am unable|i'm unable|as an ai).*");
    private static final List<String> EXPLICIT_KEYS = List.of("explicit_instruction", "explicitinstruction", "explicit", "instruction");
    private static final List<String> SCENARIO_KEYS = List.of("scenario", "reasoning_type", "reasoningtype", "type");
    private static final int MAX_OBJECTS = 8;

    /** ReasonBrain's output as the model gave it. */
    public record Answer(String explicitInstruction, ReasoningType scenario, List<String> objects, String rationale) {
    }

    private AnswerParser() {
    }

    public static Answer parse(ChatResponses.Completion completion) {
        if (!completion.refusal().isBlank()) {
            throw new OpenAiFailure(Kind.REFUSED, "the model refused: " + ChatResponses.snippet(completion.refusal()));
        }
        if ("content_filter".equals(completion.finishReason())) {
            throw new OpenAiFailure(Kind.REFUSED, "the answer was withheld by the server's content filter (finish_reason content_filter)");
        }
        String content = completion.content();
        TolerantJson.Extracted found = TolerantJson.extract(content);
        if (found.object() == null) {
            if (found.truncated() || "length".equals(completion.finishReason())) {
                throw new OpenAiFailure(Kind.TRUNCATED, "the answer broke off before its JSON closed (finish_reason "
                        + (completion.finishReason().isEmpty() ? "none" : completion.finishReason()) + ", " + content.length()
                        + " characters; raise reasoner.openai.maxTokens?): " + ChatResponses.snippet(content));
            }
            if (content.isBlank()) {
                throw new OpenAiFailure(Kind.MALFORMED, "the answer is empty (finish_reason " + completion.finishReason() + ")");
            }
            if (APOLOGY.matcher(content).matches()) {
                throw new OpenAiFailure(Kind.REFUSED, "the model refused: " + ChatResponses.snippet(content));
            }
            throw new OpenAiFailure(Kind.MALFORMED, "the answer holds no JSON object: " + ChatResponses.snippet(content));
        }
        return fields(found.object());
    }

    static Answer fields(ObjectNode json) {
        Map<String, JsonNode> byKey = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            byKey.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT).replace(' ', '_'), field.getValue());
        }
        String explicit = text(first(byKey, EXPLICIT_KEYS));
        if (explicit.isBlank()) {
            throw new OpenAiFailure(Kind.MALFORMED, "the answer has no explicit_instruction: " + ChatResponses.snippet(json.toString()));
        }
        String scenario = text(first(byKey, SCENARIO_KEYS)).strip();
        ReasoningType type;
        try {
            type = ReasoningType.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OpenAiFailure(Kind.UNKNOWN_SCENARIO, "the answer's scenario '" + scenario + "' is none of "
                    + Arrays.toString(ReasoningType.values()));
        }
        return new Answer(explicit.strip(), type, objects(byKey.get("objects")), text(byKey.get("rationale")).strip());
    }

    private static JsonNode first(Map<String, JsonNode> byKey, List<String> keys) {
        for (String key : keys) {
            JsonNode node = byKey.get(key);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? "" : node.asText();
    }

    /** An array of phrases, or one comma-separated string of them. */
    private static List<String> objects(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> add(out, text(item)));
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
