package io.editstream.vlm;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * An OpenAI-compatible endpoint's settings, from one config section ({@code reasoner.openai}, {@code scorer.judge}; its
 * name is {@code key}, which every message names): {@code url} (the server's base, {@code …/v1} or the full
 * {@code …/v1/chat/completions}), {@code model} (empty: the first model the server lists under {@code /v1/models}),
 * {@code apiKey} (sent as a bearer token when set), {@code timeoutMs} (the whole budget of one call, its retries
 * included), {@code maxConcurrency} (calls in flight at once), {@code maxImageSide} (images are scaled down to fit),
 * {@code maxRetries} (on 429, 5xx and connection failures), {@code circuitFailures} / {@code circuitOpenMs}
 * (consecutive endpoint failures that open the circuit breaker, and how long it stays open), {@code maxTokens} and
 * {@code responseFormat} ({@code auto}: {@code json_schema}, falling back to {@code json_object} and then to the
 * prompt alone when the server refuses the format; or one of {@code json_schema}, {@code json_object}, {@code none}
 * with no fallback).
 */
public record OpenAiSettings(URI chatUri, String model, String apiKey, Duration timeout, int maxConcurrency,
                             int maxImageSide, int maxRetries, int circuitFailures, Duration circuitOpen, int maxTokens,
                             String responseFormat, String key) {

    public static final String AUTO = "auto";

    public OpenAiSettings {
        if (timeout.toMillis() < 100) {
            throw new IllegalArgumentException(key + ".timeoutMs must be at least 100, got " + timeout.toMillis());
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException(key + ".maxConcurrency must be at least 1, got " + maxConcurrency);
        }
        if (maxImageSide < 16) {
            throw new IllegalArgumentException(key + ".maxImageSide must be at least 16, got " + maxImageSide);
        }
        if (maxRetries < 0 || circuitFailures < 1 || maxTokens < 16) {
            throw new IllegalArgumentException(key + ": maxRetries >= 0, circuitFailures >= 1 and maxTokens >= 16 required, got "
                    + maxRetries + ", " + circuitFailures + ", " + maxTokens);
        }
        if (ResponseMode.parse(responseFormat) == null && !responseFormat.equals(AUTO)) {
            throw new IllegalArgumentException(key + ".responseFormat must be auto, json_schema, json_object or none, got '"
                    + responseFormat + "'");
        }
    }

    /**
     * The settings of the section {@code key} ({@code url} must be set; {@code urlEnv} is the environment variable that
     * sets it, named when it is empty).
     */
    public static OpenAiSettings from(JsonObject section, String key, String urlEnv) {
        return new OpenAiSettings(chatUri(section.getString("url", ""), key, urlEnv), section.getString("model", "").trim(),
                section.getString("apiKey", "").trim(),
                Duration.ofMillis(section.getLong("timeoutMs", 60_000L)),
                section.getInteger("maxConcurrency", 4),
                section.getInteger("maxImageSide", 768),
                section.getInteger("maxRetries", 2),
                section.getInteger("circuitFailures", 5),
                Duration.ofMillis(section.getLong("circuitOpenMs", 10_000L)),
                section.getInteger("maxTokens", 512),
                section.getString("responseFormat", AUTO).trim().toLowerCase(Locale.ROOT), key);
    }

    /** {@code http://h:8000}, {@code http://h:8000/v1} and {@code http://h:8000/v1/chat/completions} all name the same endpoint. */
    static URI chatUri(String url, String key, String urlEnv) {
        String u = url == null ? "" : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.isEmpty()) {
            throw new IllegalArgumentException(key + ".url (" + urlEnv + ") is empty");
        }
        if (!u.endsWith("/chat/completions")) {
            u = u + (u.endsWith("/v1") ? "" : "/v1") + "/chat/completions";
        }
        URI uri = URI.create(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + ".url must be an http(s) URL, got '" + url + "'");
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
