package io.editstream.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How one stage consumes and produces: which broker, the service name (it names the failed and
 * dead-letter topics and the poll thread), the consumer group, how many times a transient handler failure
 * is tried before the request fails, the first retry delay (doubled after each attempt), and the longest
 * a polled batch may take before the group considers the member dead, and this member's stable instance id
 * ({@code ""} = none): with one, the consumer is a static member of its group ({@code group.instance.id}, so a
 * restarted process takes its partitions back without a rebalance) and the producer's transactional id is
 * stable, so the restarted process fences and aborts what its dead predecessor left open at once.
 */
public record StageLoopConfig(KafkaSettings kafka, String service, String groupId,
                              int maxAttempts, Duration retryBackoff, Duration maxPollInterval, String instanceId) {

    public StageLoopConfig(KafkaSettings kafka, String service, String groupId, int maxAttempts, Duration retryBackoff,
                           Duration maxPollInterval) {
        this(kafka, service, groupId, maxAttempts, retryBackoff, maxPollInterval, "");
    }

    public StageLoopConfig {
        Objects.requireNonNull(kafka, "kafka settings");
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("stage loop needs a service name");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("stage loop of " + service + " needs a consumer group id");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must be zero or positive, got " + retryBackoff);
        }
        if (maxPollInterval == null || maxPollInterval.toMillis() < 1000) {
            throw new IllegalArgumentException("maxPollInterval must be at least 1 s, got " + maxPollInterval);
        }
        instanceId = instanceId == null ? "" : instanceId.trim();
    }

    /** Group id = service, 3 attempts, 200 ms first backoff (doubling), 10 minutes per polled batch. */
    public static StageLoopConfig defaults(KafkaSettings kafka, String service) {
        return new StageLoopConfig(kafka, service, service, 3, Duration.ofMillis(200), Duration.ofMinutes(10));
    }

    public StageLoopConfig withGroupId(String newGroupId) {
        return new StageLoopConfig(kafka, service, newGroupId, maxAttempts, retryBackoff, maxPollInterval, instanceId);
    }

    public StageLoopConfig withRetries(int attempts, Duration backoff) {
        return new StageLoopConfig(kafka, service, groupId, attempts, backoff, maxPollInterval, instanceId);
    }

    public StageLoopConfig withMaxPollInterval(Duration interval) {
        return new StageLoopConfig(kafka, service, groupId, maxAttempts, retryBackoff, interval, instanceId);
    }

    /** This member's stable id, e.g. {@code diffusion-renderer-1-loop0}; blank = a dynamic member. */
    public StageLoopConfig withInstanceId(String id) {
        return new StageLoopConfig(kafka, service, groupId, maxAttempts, retryBackoff, maxPollInterval, id);
    }

    /** The delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public Duration backoffAfter(int attempt) {
        return RetryingHandler.backoffAfter(retryBackoff, attempt);
    }
}
