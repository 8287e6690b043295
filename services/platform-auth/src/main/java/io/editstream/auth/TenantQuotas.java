package io.editstream.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Per-tenant admission: a token bucket for edits per second and a count of edits in flight. {@link #admit} takes a
 * token and a slot or says how long to wait; {@link #started} records the accepted edit's id and {@link #finished}
 * frees its slot once its status is terminal (an id never seen finishing is freed after {@code slotTimeout}, so a
 * lost status cannot shrink a tenant's quota for good). One tenant's burst never touches another's bucket.
 * Thread-safe; the clock is injected so the arithmetic is tested without sleeping.
 */
public final class TenantQuotas {

    /** Refused: which limit, and when to try again. */
    public record Refusal(String limit, Duration retryAfter) {
    }

    private final QuotaSettings settings;
    private final LongSupplier nanoClock;
    private final long slotTimeoutNanos;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, Map<String, Long>> inFlight = new HashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();

    public TenantQuotas(QuotaSettings settings, LongSupplier nanoClock, Duration slotTimeout) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.slotTimeoutNanos = slotTimeout.toNanos();
    }

    /** Takes a token and reserves an in-flight slot for one edit of {@code tenant}, or says why not. */
    public synchronized Optional<Refusal> admit(String tenant) {
        QuotaSettings.Limits limits = settings.of(tenant);
        long now = nanoClock.getAsLong();
        if (limits.inFlight() > 0) {
            expire(tenant, now);
            if (inFlight(tenant) >= limits.inFlight()) {
                return Optional.of(new Refusal("edits in flight (" + limits.inFlight() + ")", Duration.ofSeconds(1)));
            }
        }
        if (limits.requestsPerSecond() > 0) {
            Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(limits.burst(), now));
            Optional<Duration> wait = bucket.take(limits, now);
            if (wait.isPresent()) {
                return Optional.of(new Refusal("requests per second (" + limits.requestsPerSecond() + ")", wait.get()));
            }
        }
        reserved.merge(tenant, 1, Integer::sum);
        return Optional.empty();
    }

    /** The admitted edit was accepted as {@code requestId}: its slot is held until {@link #finished}. */
    public synchronized void started(String tenant, String requestId) {
        release(tenant);
        inFlight.computeIfAbsent(tenant, t -> new HashMap<>()).put(requestId, nanoClock.getAsLong());
    }

    /** The admitted edit was refused after all (invalid, or not stored): its slot is free again. */
    public synchronized void abandoned(String tenant) {
        release(tenant);
    }

    public synchronized void finished(String tenant, String requestId) {
        Map<String, Long> ids = inFlight.get(tenant);
        if (ids != null) {
            ids.remove(requestId);
        }
    }

    public synchronized int inFlight(String tenant) {
        Map<String, Long> ids = inFlight.get(tenant);
        return (ids == null ? 0 : ids.size()) + reserved.getOrDefault(tenant, 0);
    }

    /** The ids in flight by tenant, after freeing the slots that timed out. */
    public synchronized Map<String, List<String>> inFlightIds() {
        long now = nanoClock.getAsLong();
        Map<String, List<String>> ids = new HashMap<>();
        inFlight.forEach((tenant, started) -> {
            expire(tenant, now);
            ids.put(tenant, List.copyOf(started.keySet()));
        });
        return ids;
    }

    private void release(String tenant) {
        reserved.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
    }

    private void expire(String tenant, long now) {
        Map<String, Long> ids = inFlight.get(tenant);
        if (ids != null) {
            ids.values().removeIf(started -> now - started > slotTimeoutNanos);
        }
    }

    /** Tokens refill continuously at the rate, up to the burst. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.updated = now;
        }

        Optional<Duration> take(QuotaSettings.Limits limits, long now) {
            tokens = Math.min(limits.burst(), tokens + (now - updated) / 1e9 * limits.requestsPerSecond());
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            double seconds = (1 - tokens) / limits.requestsPerSecond();
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        }
    }
}
