package io.editstream.reasoner.openai;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The OpenAI-compatible backend's settings, from {@code reasoner.openai}: {@code url} (the server's base,
 * {@code …/v1} or the full {@code …/v1/chat/completions}), {@code model} (empty: the first model the server lists
 * under {@code /v1/models}), {@code apiKey} (sent as a bearer token when set), {@code timeoutMs} (the whole budget
 * of one request, its retries included), {@code maxConcurrency} (requests in flight at once, also the number of
 * stage loops), {@code maxImageSide} (the source is scaled down to fit), {@code maxRetries} (on 429, 5xx and
 * connection failures), {@code circuitFailures} / {@code circuitOpenMs} (consecutive endpoint failures that open
 * the circuit breaker, and how long it stays open), {@code maxTokens} and {@code responseFormat} ({@code auto}:
 * {@code json_schema}, falling back to {@code json_object} and then to the prompt alone when the server refuses
 * the format; or one of {@code json_schema}, {@code json_object}, {@code none} with no fallback).
 */
public record OpenAiSettings(URI chatUri, String model, String apiKey, Duration timeout, int maxConcurrency,
                             int maxImageSide, int maxRetries, int circuitFailures, Duration circuitOpen, int maxTokens,
                             String responseFormat) {

    public static final String AUTO = "auto";

    public OpenAiSettings {
        if (timeout.toMillis() < 100) {
            throw new IllegalArgumentException("reasoner.openai.timeoutMs must be at least 100, got " + timeout.toMillis());
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("reasoner.openai.maxConcurrency must be at least 1, got " + maxConcurrency);
        }
        if (maxImageSide < 16) {
            throw new IllegalArgumentException("reasoner.openai.maxImageSide must be at least 16, got " + maxImageSide);
        }
        if (maxRetries < 0 || circuitFailures < 1 || maxTokens < 16) {
            throw new IllegalArgumentException("reasoner.openai: maxRetries >= 0, circuitFailures >= 1 and maxTokens >= 16 required, got "
                    + maxRetries + ", " + circuitFailures + ", " + maxTokens);
        }
        if (ResponseMode.parse(responseFormat) == null && !responseFormat.equals(AUTO)) {
            throw new IllegalArgumentException("reasoner.openai.responseFormat must be auto, json_schema, json_object or none, got '"
                    + responseFormat + "'");
        }
    }

    /** The settings of {@code reasoner.openai}; {@code url} must be set. */
    public static OpenAiSettings from(JsonObject openai) {
        return new OpenAiSettings(chatUri(openai.getString("url", "")), openai.getString("model", "").trim(),
                openai.getString("apiKey", "").trim(),
                Duration.ofMillis(openai.getLong("timeoutMs", 60_000L)),
                openai.getInteger("maxConcurrency", 4),
                openai.getInteger("maxImageSide", 768),
                openai.getInteger("maxRetries", 2),
                openai.getInteger("circuitFailures", 5),
                Duration.ofMillis(openai.getLong("circuitOpenMs", 10_000L)),
                openai.getInteger("maxTokens", 512),
                openai.getString("responseFormat", AUTO).trim().toLowerCase(Locale.ROOT));
    }

    /** {@code http://h:8000}, {@code http://h:8000/v1} and {@code http://h:8000/v1/chat/completions} all name the same endpoint. */
    static URI chatUri(String url) {
        String u = url == null ? "" : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.isEmpty()) {
            throw new IllegalArgumentException("reasoner.openai.url (REASONER_OPENAI_URL) is empty");
        }
        if (!u.endsWith("/chat/completions")) {
            u = u + (u.endsWith("/v1") ? "" : "/v1") + "/chat/completions";
        }
        URI uri = URI.create(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("reasoner.openai.url must be an http(s) URL, got '" + url + "'");
        }
        return uri;
    }

    /** The server's model list, next to its chat endpoint. */
    public URI modelsUri() {
        String chat = chatUri.toString();
        return URI.create(chat.substring(0, chat.length() - "/chat/completions".length()) + "/models");
    }

    /** The response format tried first. */
    public ResponseMode firstMode() {
        return responseFormat.equals(AUTO) ? ResponseMode.JSON_SCHEMA : ResponseMode.parse(responseFormat);
    }

    /** Whether a refused response format may fall back to a weaker one. */
    public boolean fallback() {
        return responseFormat.equals(AUTO);
    }
}
