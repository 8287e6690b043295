package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.StageOutcome;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Fuser} under the stages' retry rule: a {@link RejectedInputException} fails at once (the input
 * is bad, so the request is dead-lettered), any other exception is retried up to {@code maxAttempts} times
 * with a doubling backoff and then fails the request, so one broken request never stalls the others behind
 * it on the stream thread. An {@link Error} is not caught: the JVM is no longer trustworthy.
 */
final class RetryingFuser {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingFuser.class);

    /** Waits between attempts; a seam so tests can record the delays instead of waiting them out. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Fuser fuser;
    private final int maxAttempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    RetryingFuser(Fuser fuser, int maxAttempts, Duration backoff) {
        this(fuser, maxAttempts, backoff, delay -> Thread.sleep(delay.toMillis()));
    }

    RetryingFuser(Fuser fuser, int maxAttempts, Duration backoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.fuser = fuser;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    StageOutcome<Fuser.Fused> fuse(GuidanceProduced guidance, CuesExtracted cues) {
        for (int attempt = 1; ; attempt++) {
            try {
                Fuser.Fused fused = fuser.fuse(guidance, cues);
                if (fused == null || fused.conditioning() == null) {
                    // Forwarding nothing would silently drop the request; treat it as a fuser bug.
                    throw new IllegalStateException("fuser returned no conditioning");
                }
                return new StageOutcome.Produced<>(fused, attempt);
            } catch (RejectedInputException e) {
                return new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, e, attempt);
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    return new StageOutcome.Failed<>(StageOutcome.Kind.FAILED, e, attempt);
                }
                Duration delay = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
                LOG.info("request {}: fusion attempt {}/{} failed ({}), retrying in {} ms", guidance.getRequestId(),
                        attempt, maxAttempts, e.toString(), delay.toMillis());
                pause(delay);
            }
        }
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Escapes the processor, so Streams aborts the transaction and the pair is joined again later.
            throw new IllegalStateException("interrupted while waiting to retry a fusion", e);
        }
    }
}
