package io.editstream.vlm;

import io.editstream.vlm.ChatResponses.Completion;
import io.editstream.vlm.OpenAiFailure.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one OpenAI-compatible chat-completions endpoint under the request's budget ({@code timeoutMs}, retries and
 * waits included): at most {@code maxConcurrency} calls at once, behind a circuit breaker, retrying connection
 * failures, 5xx and 429 (after its Retry-After) by {@link RetryPolicy}. A server that refuses the response format
 * (a 400 or 422 naming it) is asked again with the next weaker one, which is kept once it works. Every failure is
 * an {@link OpenAiFailure} whose message starts with the endpoint. Thread-safe.
 */
public final class OpenAiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiClient.class);
    private static final Pattern FORMAT_REFUSED = Pattern.compile("(?i)response_format|json_schema|json_object|schema|grammar|guided");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** Waits between attempts; a seam for tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final OpenAiSettings settings;
    private final String endpoint;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final Semaphore slots;
    private final Sleeper sleeper;
    private final AtomicReference<ResponseMode> mode;
    private volatile String listedModel;

    public OpenAiClient(OpenAiSettings settings) {
        this(settings, delay -> Thread.sleep(delay.toMillis()));
    }

    public OpenAiClient(OpenAiSettings settings, Sleeper sleeper) {
        this.settings = settings;
        this.endpoint = settings.chatUri().toString();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10))
                .build();
        this.retry = new RetryPolicy(settings.maxRetries());
        this.breaker = new CircuitBreaker(settings.circuitFailures(), settings.circuitOpen().toMillis(), System::currentTimeMillis);
        this.slots = new Semaphore(settings.maxConcurrency(), true);
        this.sleeper = sleeper;
        this.mode = new AtomicReference<>(settings.firstMode());
    }

    /** One completion of the prompt, or an {@link OpenAiFailure} naming the endpoint. */
    public Completion complete(ChatPrompt prompt) {
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        try {
            if (!slots.tryAcquire(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OpenAiFailure(Kind.BUSY, "all " + settings.maxConcurrency() + " call slots stayed busy for "
                        + settings.timeout().toMillis() + " ms (" + settings.key() + ".timeoutMs)").at(endpoint);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a call slot of " + endpoint, e);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                if (!breaker.allow()) {
                    throw new OpenAiFailure(Kind.CIRCUIT_OPEN, "circuit open after " + breaker.consecutiveFailures()
                            + " consecutive failures, next trial in " + breaker.millisUntilTrial() + " ms; last failure: "
                            + breaker.lastFailure()).at(endpoint);
                }
                try {
                    Completion completion = call(prompt, deadline);
                    breaker.success();
                    return completion;
                } catch (OpenAiFailure f) {
                    if (f.kind().endpointFault()) {
                        breaker.failure(f.getMessage());
                    } else {
                        breaker.success();
                    }
                    Duration delay = retry.retryDelay(attempt, f, remaining(deadline));
                    if (delay == null) {
                        String tries = attempt == 1 ? "" : " (attempt " + attempt + ", " + (System.nanoTime() - start) / 1_000_000 + " ms)";
                        throw new OpenAiFailure(f.kind(), f.getMessage() + tries, f.retryAfterMs(), f.getCause()).at(endpoint);
                    }
                    LOG.info("openai endpoint {}: {}; retrying in {} ms", endpoint, f.getMessage(), delay.toMillis());
                    sleep(delay);
                }
            }
        } finally {
            slots.release();
        }
    }

    private Completion call(ChatPrompt prompt, long deadline) {
        ResponseMode current = mode.get();
        String model = model(deadline);
        while (true) {
            JsonObject body = prompt.body(model, current, settings.maxTokens());
            HttpResponse<String> response = send(post(body), remaining(deadline));
            int status = response.statusCode();
            if ((status == 400 || status == 422) && settings.fallback() && current.next() != null
                    && FORMAT_REFUSED.matcher(response.body()).find()) {
                LOG.warn("openai endpoint {} refused response_format {} (HTTP {}: {}); trying {}", endpoint, current.label(), status,
                        ChatResponses.errorMessage(response.body()), current.next().label());
                current = current.next();
                continue;
            }
            Long retryAfter = RetryPolicy.retryAfterMs(response.headers().firstValue("retry-after").orElse(null), Instant.now());
            Completion completion = ChatResponses.parse(status, response.body(), retryAfter);
            if (mode.getAndSet(current) != current) {
                LOG.info("openai endpoint {}: asking for response_format {} from now on", endpoint, current.label());
            }
            return completion;
        }
    }

    private HttpRequest.Builder post(JsonObject body) {
        return authorized(HttpRequest.newBuilder(settings.chatUri()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return settings.apiKey().isEmpty() ? request : request.header("Authorization", "Bearer " + settings.apiKey());
    }

    /** Sends and waits for the whole answer (headers and body) at most {@code timeout}. */
    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
        if (timeout.toMillis() <= 0) {
            throw new OpenAiFailure(Kind.TIMEOUT, "no time left of " + settings.timeout().toMillis() + " ms (" + settings.key() + ".timeoutMs)");
        }
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request.timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OpenAiFailure(Kind.TIMEOUT, "no answer within " + settings.timeout().toMillis() + " ms (" + settings.key() + ".timeoutMs)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + endpoint, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new OpenAiFailure(Kind.TIMEOUT, "no answer within " + settings.timeout().toMillis() + " ms (" + settings.key() + ".timeoutMs)");
            }
            if (cause instanceof ConnectException || cause instanceof IOException) {
                throw new OpenAiFailure(Kind.UNREACHABLE, "cannot reach the server: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? " (nothing listening, or the connection was reset)" : " " + cause.getMessage()), null, cause);
            }
            throw new OpenAiFailure(Kind.UNREACHABLE, "the call failed: " + cause, null, cause);
        }
    }

    /** The configured model; else the first the server lists (looked up until found); else none (the server picks). */
    String model(long deadline) {
        if (!settings.model().isEmpty()) {
            return settings.model();
        }
        String listed = listedModel;
        if (listed == null) {
            Duration budget = remaining(deadline).compareTo(PROBE_TIMEOUT) < 0 ? remaining(deadline) : PROBE_TIMEOUT;
            List<String> models = listModels(budget);
            if (!models.isEmpty()) {
                listed = models.get(0);
                listedModel = listed;
                LOG.info("openai endpoint {}: no {}.model set, using the server's first model '{}'", endpoint, settings.key(), listed);
            }
        }
        return listed == null ? "" : listed;
    }

    /** The ids under {@code /v1/models}; empty when the server does not answer with a list. */
    List<String> listModels(Duration timeout) {
        try {
            return modelIds(send(authorized(HttpRequest.newBuilder(settings.modelsUri())).GET(), timeout));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> modelIds(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return List.of();
        }
        try {
            JsonArray data = new JsonObject(response.body()).getJsonArray("data", new JsonArray());
            return data.stream().filter(JsonObject.class::isInstance).map(m -> ((JsonObject) m).getString("id", ""))
                    .filter(id -> !id.isEmpty()).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A start-up line on the endpoint: the models it lists, or why it did not answer (never fatal). */
    public String probe() {
        try {
            HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(settings.modelsUri())).GET(), PROBE_TIMEOUT);
            return response.statusCode() == 200 ? "reachable, serves " + modelIds(response)
                    : "reachable, but " + settings.modelsUri() + " answers HTTP " + response.statusCode();
        } catch (OpenAiFailure e) {
            return "not reachable yet (" + e.getMessage() + "); requests fail until it answers";
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public ResponseMode responseMode() {
        return mode.get();
    }

    /** The model requests name: the configured one, else the one found in the server's list, else empty. */
    public String requestModel() {
        return settings.model().isEmpty() ? (listedModel == null ? "" : listedModel) : settings.model();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private void sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry " + endpoint, e);
        }
    }

    @Override
    public void close() {
        // the JDK client of Java 17 has no close; its threads are daemons and end with the JVM
    }
}
