package io.editstream.vlm;

import java.util.function.LongSupplier;

/**
 * Stops calling an endpoint that keeps failing: after {@code threshold} consecutive endpoint failures the circuit
 * opens and requests fail at once for {@code openMillis}; then one trial call is let through (half-open), whose
 * success closes the circuit and whose failure opens it again. Any answer from the server counts as a success,
 * even one whose content is unusable: the endpoint is up. Thread-safe.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openMillis;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int failures;
    private long openUntil;
    private boolean trialInFlight;
    private String lastFailure = "";

    public CircuitBreaker(int threshold, long openMillis, LongSupplier clockMillis) {
        this.threshold = threshold;
        this.openMillis = openMillis;
        this.clock = clockMillis;
    }

    /** Whether a call may go out now; a half-open circuit lets one trial through at a time. */
    public synchronized boolean allow() {
        if (state == State.OPEN && clock.getAsLong() >= openUntil) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    public synchronized void success() {
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    public synchronized void failure(String reason) {
        failures++;
        lastFailure = reason;
        trialInFlight = false;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openUntil = clock.getAsLong() + openMillis;
        }
    }

    /** The state as a caller would see it now (an open circuit whose time is up reads as half-open). */
    public synchronized State state() {
        return state == State.OPEN && clock.getAsLong() >= openUntil ? State.HALF_OPEN : state;
    }

    public synchronized int consecutiveFailures() {
        return failures;
    }

    /** Milliseconds until an open circuit lets a trial through; 0 when it is not open. */
    public synchronized long millisUntilTrial() {
        return state == State.OPEN ? Math.max(0, openUntil - clock.getAsLong()) : 0;
    }

    public synchronized String lastFailure() {
        return lastFailure;
    }
}
