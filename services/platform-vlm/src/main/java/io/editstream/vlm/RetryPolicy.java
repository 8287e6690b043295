package io.editstream.vlm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When to try a failed call again within the same request: only connection failures, 5xx and 429, at most
 * {@code maxRetries} times, after the server's {@code Retry-After} when it sent one (seconds or an HTTP date) or
 * else a doubling backoff from 500 ms (capped at 8 s), and never when the wait would not leave the next attempt
 * at least {@value #MIN_ATTEMPT_MS} ms of the request's budget.
 */
public final class RetryPolicy {
    static final long MIN_ATTEMPT_MS = 200;
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 8_000;

    private final int maxRetries;

    public RetryPolicy(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** The wait before the next attempt after {@code attempt} (1-based) failed, or null to give up now. */
    public Duration retryDelay(int attempt, OpenAiFailure failure, Duration remaining) {
        if (!failure.kind().retryable() || attempt > maxRetries) {
            return null;
        }
        long delay = failure.retryAfterMs() != null ? failure.retryAfterMs()
                : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 10));
        return delay + MIN_ATTEMPT_MS <= remaining.toMillis() ? Duration.ofMillis(delay) : null;
    }

    /** A {@code Retry-After} header in milliseconds from {@code now}: delta-seconds or an HTTP date; null when absent or unreadable. */
    public static Long retryAfterMs(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Math.max(0, Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(now, at).toMillis());
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
