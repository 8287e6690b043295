package io.editstream.kafka;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry rule of every stage, the stage loops' handlers and the enhancer's fusion alike:
 * {@link RejectedInputException} fails at once (dead-lettered), any other exception is retried up to
 * {@code maxAttempts} times with a doubling backoff and then fails, so one broken request never stalls the
 * others behind it; an {@link Error} is not caught, since the JVM is no longer trustworthy and the stage must
 * stop without committing. An {@linkplain Outages outage} (S3 or a model server unreachable) spends no attempt:
 * the step is retried every few seconds for up to {@link #OUTAGE_BUDGET}, well inside the consumer's poll
 * interval, so a stage rides out a restart of its dependencies by itself. Sleeping happens on the caller's thread.
 */
public final class RetryingHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingHandler.class);
    private static final int MAX_DOUBLINGS = 20;
    /** How long one request waits out an unreachable dependency before its attempts count again. */
    public static final Duration OUTAGE_BUDGET = Duration.ofSeconds(60);
    private static final Duration MAX_OUTAGE_DELAY = Duration.ofSeconds(5);

    /** One try of the step; returns its output (never null) or throws. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call() throws Exception;
    }

    /** Waits between attempts; a seam so tests can record the delays instead of waiting them out. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final String service;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public RetryingHandler(String service, int maxAttempts, Duration firstBackoff) {
        this(service, maxAttempts, firstBackoff, delay -> Thread.sleep(delay.toMillis()));
    }

    public RetryingHandler(String service, int maxAttempts, Duration firstBackoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (firstBackoff == null || firstBackoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be zero or positive, got " + firstBackoff);
        }
        this.service = service;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    /** The stage loop's rule: its config's attempts and first backoff. */
    public static RetryingHandler of(StageLoopConfig cfg) {
        return new RetryingHandler(cfg.service(), cfg.maxAttempts(), cfg.retryBackoff());
    }

    /** The delay before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed. */
    public static Duration backoffAfter(Duration first, int attempt) {
        return first.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS));
    }

    /**
     * Runs {@code step} for {@code requestId} under the rule; throws InterruptedException only when the thread
     * was interrupted while waiting to retry, in which case nothing about this input may be committed.
     */
    public <T> StageOutcome<T> run(String requestId, Attempt<T> step) throws InterruptedException {
        Duration waited = Duration.ZERO;
        int outageTries = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                T output = step.call();
                if (output == null) {
                    // A null output would silently drop the request; treat it as a stage bug, not success.
                    throw new IllegalStateException("the stage returned no output");
                }
                return new StageOutcome.Produced<>(output, attempt);
            } catch (RejectedInputException e) {
                return new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, e, attempt);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (Outages.isOutage(e) && waited.compareTo(OUTAGE_BUDGET) < 0) {
                    Duration delay = min(backoffAfter(firstBackoff.isZero() ? Duration.ofMillis(100) : firstBackoff, ++outageTries),
                            MAX_OUTAGE_DELAY);
                    if (outageTries == 1) {
                        LOG.warn("stage {} request {}: a dependency is unreachable ({}); waiting it out for up to {} s",
                                service, requestId, e.toString(), OUTAGE_BUDGET.toSeconds());
                    }
                    sleeper.sleep(delay);
                    waited = waited.plus(delay);
                    attempt--;   // not the request's fault: no attempt spent
                    continue;
                }
                if (attempt >= maxAttempts) {
                    return new StageOutcome.Failed<>(StageOutcome.Kind.FAILED, e, attempt);
                }
                Duration delay = backoffAfter(firstBackoff, attempt);
                LOG.info("stage {} request {} attempt {}/{} failed ({}), retrying in {} ms", service, requestId,
                        attempt, maxAttempts, e.toString(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
