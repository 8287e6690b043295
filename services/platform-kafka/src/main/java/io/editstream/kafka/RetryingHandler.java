package io.editstream.kafka;

import io.editstream.kafka.StageHandler.RecordMeta;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stage handler on one decoded input under the retry rule: {@link RejectedInputException} fails at
 * once (dead-lettered), any other exception is retried up to {@code maxAttempts} times with a doubling
 * backoff and then fails, and an {@link Error} is not caught, since the JVM is no longer trustworthy and the
 * stage must stop without committing. Sleeping happens on the caller's thread, which is the loop's own.
 */
public final class RetryingHandler<I extends SpecificRecord, O extends SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingHandler.class);

    /** Waits between attempts; a seam so tests can record the delays instead of waiting them out. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final StageHandler<I, O> handler;
    private final StageLoopConfig config;
    private final Sleeper sleeper;

    public RetryingHandler(StageHandler<I, O> handler, StageLoopConfig config) {
        this(handler, config, delay -> Thread.sleep(delay.toMillis()));
    }

    public RetryingHandler(StageHandler<I, O> handler, StageLoopConfig config, Sleeper sleeper) {
        this.handler = handler;
        this.config = config;
        this.sleeper = sleeper;
    }

    /**
     * Handles {@code input}; throws InterruptedException only when the loop thread was interrupted while
     * waiting to retry, in which case nothing about this record may be committed.
     */
    public StageOutcome<O> handle(I input, RecordMeta meta, String requestId) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                O output = handler.handle(input, meta);
                if (output == null) {
                    // A null output would silently drop the request; treat it as a handler bug, not success.
                    throw new IllegalStateException("handler returned no output event");
                }
                return new StageOutcome.Produced<>(output, attempt);
            } catch (RejectedInputException e) {
                return new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, e, attempt);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= config.maxAttempts()) {
                    return new StageOutcome.Failed<>(StageOutcome.Kind.FAILED, e, attempt);
                }
                Duration delay = config.backoffAfter(attempt);
                LOG.info("stage {} request {} attempt {}/{} failed ({}), retrying in {} ms", config.service(),
                        requestId, attempt, config.maxAttempts(), e.toString(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }
}
