package io.editstream.vlm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One chat-completions request's content: a system prompt, one user message made of image and text parts (in the
 * order given), and the JSON schema the answer must follow, named {@code schemaName}. {@link #body} writes it for a
 * {@link ResponseMode}: greedy sampling, no streaming, and the schema as {@code response_format} ({@code json_schema}
 * strict; {@code json_object} with the schema beside it, which llama.cpp constrains by and the others ignore; or
 * nothing, the prompt alone).
 */
public record ChatPrompt(String system, List<JsonObject> parts, String schemaName, JsonObject schema) {

    public ChatPrompt {
        parts = List.copyOf(parts);
    }

    /** An image part: a data URI ({@link ChatImages#dataUri}) or a URL the server can fetch. */
    public static JsonObject image(String url) {
        return new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", url));
    }

    public static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }

    /** The request body; {@code model} is left out when empty (servers that serve one model pick it). */
    public JsonObject body(String model, ResponseMode mode, int maxTokens) {
        JsonObject body = new JsonObject();
        if (!model.isEmpty()) {
            body.put("model", model);
        }
        body.put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", system))
                        .add(new JsonObject().put("role", "user").put("content", new JsonArray(List.copyOf(parts)))))
                .put("temperature", 0).put("max_tokens", maxTokens).put("stream", false);
        switch (mode) {
            case JSON_SCHEMA -> body.put("response_format", new JsonObject().put("type", "json_schema")
                    .put("json_schema", new JsonObject().put("name", schemaName).put("strict", true).put("schema", schema)));
            // llama.cpp constrains json_object by a "schema" beside it; the others ignore the extra key
            case JSON_OBJECT -> body.put("response_format", new JsonObject().put("type", "json_object").put("schema", schema));
            case PROMPT_ONLY -> { }
        }
        return body;
    }
}
