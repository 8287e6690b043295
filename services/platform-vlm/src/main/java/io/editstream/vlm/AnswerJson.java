package io.editstream.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.vlm.OpenAiFailure.Kind;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON object a completion answers with, or why there is none: a refusal (the {@code refusal} field,
 * {@code finish_reason: content_filter}, or an apology instead of JSON), an answer cut off before its JSON closed,
 * an empty answer, or text with no JSON object ({@link TolerantJson} finds it in fences, prose and after
 * {@code <think>} blocks). Field names are then matched loosely ({@link #fields}: any case, spaces as underscores,
 * {@code camelCase} as written), since prompt-only answers drift.
 */
public final class AnswerJson {
    private static final Pattern APOLOGY = Pattern.compile(
            "(?is)^\\W*(i'?m sorry|i am sorry|sorry|i can(?:no|')t|i cannot|i won'?t|i am unable|i'm unable|as an ai).*");

    private AnswerJson() {
    }

    /** The answer's object; {@code maxTokensKey} is the setting a truncated answer suggests raising. */
    public static ObjectNode object(ChatResponses.Completion completion, String maxTokensKey) {
        if (!completion.refusal().isBlank()) {
            throw new OpenAiFailure(Kind.REFUSED, "the model refused: " + ChatResponses.snippet(completion.refusal()));
        }
        if ("content_filter".equals(completion.finishReason())) {
            throw new OpenAiFailure(Kind.REFUSED, "the answer was withheld by the server's content filter (finish_reason content_filter)");
        }
        String content = completion.content();
        TolerantJson.Extracted found = TolerantJson.extract(content);
        if (found.object() != null) {
            return found.object();
        }
        if (found.truncated() || "length".equals(completion.finishReason())) {
            throw new OpenAiFailure(Kind.TRUNCATED, "the answer broke off before its JSON closed (finish_reason "
                    + (completion.finishReason().isEmpty() ? "none" : completion.finishReason()) + ", " + content.length()
                    + " characters; raise " + maxTokensKey + "?): " + ChatResponses.snippet(content));
        }
        if (content.isBlank()) {
            throw new OpenAiFailure(Kind.MALFORMED, "the answer is empty (finish_reason " + completion.finishReason() + ")");
        }
        if (APOLOGY.matcher(content).matches()) {
            throw new OpenAiFailure(Kind.REFUSED, "the model refused: " + ChatResponses.snippet(content));
        }
        throw new OpenAiFailure(Kind.MALFORMED, "the answer holds no JSON object: " + ChatResponses.snippet(content));
    }

    /** The object's fields by lower-cased name (spaces as underscores); the first of names that collide wins. */
    public static Map<String, JsonNode> fields(ObjectNode json) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            byKey.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT).replace(' ', '_'), field.getValue());
        }
        return byKey;
    }

    /** The value of the first of {@code keys} present and not null; null when none is. */
    public static JsonNode first(Map<String, JsonNode> byKey, List<String> keys) {
        for (String key : keys) {
            JsonNode node = byKey.get(key);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    /** A scalar's text; empty for null, missing, arrays and objects. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? "" : node.asText();
    }
}
