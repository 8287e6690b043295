package io.editstream.vlm;

import io.editstream.vlm.OpenAiFailure.Kind;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads what a chat-completions server answered, as vLLM, SGLang, llama.cpp server and Ollama write it: a
 * {@code chat.completion} with {@code choices[0].message.content} (or {@code refusal}) and {@code finish_reason};
 * errors as {@code {"error": {"message", "type", "code"}}} (OpenAI, llama.cpp, Ollama, recent vLLM) or
 * {@code {"object": "error", "message", "type", "code"}} (older vLLM). A status or body that is no completion
 * becomes an {@link OpenAiFailure} of the matching kind, without the endpoint (the client adds it).
 */
public final class ChatResponses {
    private static final int SNIPPET = 200;

    /** One completion: the model the server says answered, its text, why it stopped, and any refusal. */
    public record Completion(String model, String fingerprint, String content, String finishReason, String refusal) {
    }

    private ChatResponses() {
    }

    /** The completion of a 2xx answer, else the failure its status and body describe. */
    public static Completion parse(int status, String body, Long retryAfterMs) {
        if (status < 200 || status >= 300) {
            throw error(status, body, retryAfterMs);
        }
        JsonObject json = object(body);
        if (json == null) {
            throw new OpenAiFailure(Kind.BAD_RESPONSE, "HTTP " + status + " but the body is not a JSON object: " + snippet(body));
        }
        if (json.containsKey("error") || "error".equals(json.getValue("object"))) {
            // some proxies report errors with a 200
            throw error(500, body, retryAfterMs);
        }
        JsonArray choices = json.getValue("choices") instanceof JsonArray a ? a : null;
        if (choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject choice)) {
            throw new OpenAiFailure(Kind.BAD_RESPONSE, "the answer has no choices: " + snippet(body));
        }
        JsonObject message = choice.getValue("message") instanceof JsonObject m ? m : new JsonObject();
        return new Completion(text(json, "model"), text(json, "system_fingerprint"), contentText(message.getValue("content")),
                text(choice, "finish_reason"), text(message, "refusal"));
    }

    /** The failure an error status and body describe: 429 rate limited, 5xx (and 408) server errors, other 4xx client errors. */
    static OpenAiFailure error(int status, String body, Long retryAfterMs) {
        String message = errorMessage(body);
        String text = "HTTP " + status + (message.isEmpty() ? "" : ": " + message)
                + (retryAfterMs == null ? "" : " (Retry-After " + retryAfterMs + " ms)");
        Kind kind = status == 429 ? Kind.RATE_LIMITED : status >= 500 || status == 408 ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR;
        return new OpenAiFailure(kind, text, retryAfterMs, null);
    }

    /** The error's message (with its type), whichever shape the server writes; the body's start when it is no JSON. */
    public static String errorMessage(String body) {
        JsonObject json = object(body);
        if (json == null) {
            return snippet(body);
        }
        JsonObject error = json.getValue("error") instanceof JsonObject e ? e : json;
        Object raw = json.getValue("error") instanceof String s ? s : error.getValue("message");
        String message = raw == null ? snippet(body) : raw.toString();
        String type = error.getValue("type") instanceof String t ? t : "";
        return type.isEmpty() ? message : message + " (" + type + ")";
    }

    private static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** Content is a string, or (some servers) a list of {@code {"type": "text", "text"}} parts. */
    private static String contentText(Object content) {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof JsonArray parts) {
            StringBuilder out = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof JsonObject p && p.getValue("text") instanceof String t) {
                    out.append(t);
                }
            }
            return out.toString();
        }
        return "";
    }

    private static String text(JsonObject json, String key) {
        return json.getValue(key) instanceof String s ? s : "";
    }

    public static String snippet(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty)";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "…";
    }
}
