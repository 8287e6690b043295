package io.editstream.vlm;

import io.editstream.kafka.RejectedInputException;

/**
 * Why the OpenAI-compatible endpoint gave no usable answer for a call. It is final for the call: the client has
 * already retried what can be retried within the call's budget, so a stage that lets it out of its handler
 * dead-letters the record (replayable once the endpoint is fixed) and fails the request at once instead of trying
 * again (it is a {@link RejectedInputException}). The message always starts with the endpoint's URL.
 */
public final class OpenAiFailure extends RejectedInputException {

    /** What went wrong; {@link #endpointFault()} kinds count towards the circuit breaker. */
    public enum Kind {
        UNREACHABLE, TIMEOUT, SERVER_ERROR, RATE_LIMITED, BAD_RESPONSE,
        CIRCUIT_OPEN, BUSY, CLIENT_ERROR,
        REFUSED, TRUNCATED, MALFORMED, INVALID_ANSWER;

        /** Whether this says the endpoint is unhealthy (not reachable, too slow, erroring) rather than the answer bad. */
        public boolean endpointFault() {
            return switch (this) {
                case UNREACHABLE, TIMEOUT, SERVER_ERROR, RATE_LIMITED, BAD_RESPONSE -> true;
                default -> false;
            };
        }

        /** Worth another try within the same request. */
        public boolean retryable() {
            return this == UNREACHABLE || this == SERVER_ERROR || this == RATE_LIMITED;
        }
    }

    private final Kind kind;
    private final transient Long retryAfterMs;

    public OpenAiFailure(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public OpenAiFailure(Kind kind, String message, Long retryAfterMs, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterMs = retryAfterMs;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's Retry-After in milliseconds, when it sent one. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }

    /** The same failure with the endpoint named in front. */
    public OpenAiFailure at(String endpoint) {
        return new OpenAiFailure(kind, "openai endpoint " + endpoint + ": " + getMessage(), retryAfterMs, getCause());
    }
}
