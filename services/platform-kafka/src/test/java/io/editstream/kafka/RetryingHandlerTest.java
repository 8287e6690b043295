package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The retry rule: transient failures retried with doubling backoff, rejections never retried, Errors never swallowed. */
class RetryingHandlerTest {
    private static final StageHandler.RecordMeta META = new StageHandler.RecordMeta("t", 0, 7, 1000, 2000);

    private final List<Duration> sleeps = new ArrayList<>();
    private final EditRequested input = TestEvents.request("r1", "brighten");

    private StageOutcome<GuidanceProduced> run(StageHandler<EditRequested, GuidanceProduced> h) throws InterruptedException {
        return new RetryingHandler("reasoner", 4, Duration.ofMillis(100), sleeps::add).run("r1", () -> h.handle(input, META));
    }

    @Test
    void transientFailuresAreRetriedWithDoublingBackoffUntilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var outcome = run((in, meta) -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("storage timeout");
            }
            return TestEvents.guidance(in, meta, "reasoner");
        });

        assertThat(outcome).isInstanceOf(StageOutcome.Produced.class);
        assertThat(((StageOutcome.Produced<GuidanceProduced>) outcome).attempts()).isEqualTo(3);
        assertThat(((StageOutcome.Produced<GuidanceProduced>) outcome).value().getExplicitInstruction()).isEqualTo("BRIGHTEN");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(outcome.label()).isEqualTo("ok");
    }

    /** A handler that always throws: a transient error is retried until the attempts run out, a rejection never. */
    static Stream<Arguments> alwaysThrowing() {
        return Stream.of(
                Arguments.of(new IllegalStateException("GPU busy"), 4, List.of(100L, 200L, 400L), StageOutcome.Kind.FAILED,
                        "failed", "gave up after 4 attempts: IllegalStateException: GPU busy"),
                Arguments.of(new RejectedInputException("source image missing"), 1, List.of(), StageOutcome.Kind.DEAD_LETTERED,
                        "dead_lettered", "RejectedInputException: source image missing"));
    }

    @ParameterizedTest
    @MethodSource("alwaysThrowing")
    void aHandlerThatAlwaysThrowsFailsAfterTheAttemptsItsErrorAllows(Exception error, int attempts, List<Long> sleepMillis,
                                                                     StageOutcome.Kind kind, String label, String reason) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var outcome = run((in, meta) -> {
            calls.incrementAndGet();
            throw error;
        });

        assertThat(calls).hasValue(attempts);
        assertThat(sleeps).containsExactlyElementsOf(sleepMillis.stream().map(Duration::ofMillis).toList());
        var failed = (StageOutcome.Failed<GuidanceProduced>) outcome;
        assertThat(failed.kind()).isEqualTo(kind);
        assertThat(failed.label()).isEqualTo(label);
        assertThat(failed.reason()).isEqualTo(reason);
    }

    @Test
    void nullOutputCountsAsAFailureNotASilentDrop() throws Exception {
        var outcome = run((in, meta) -> null);
        assertThat(outcome.label()).isEqualTo("failed");
        assertThat(((StageOutcome.Failed<?>) outcome).cause()).hasMessageContaining("no output");
    }

    @Test
    void errorsEscapeSoTheLoopStopsWithoutCommitting() {
        assertThatThrownBy(() -> run((in, meta) -> {
            throw new OutOfMemoryError("simulated");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void handlerSeesTheRecordMeta() throws Exception {
        List<StageHandler.RecordMeta> seen = new ArrayList<>();
        run((in, meta) -> {
            seen.add(meta);
            return TestEvents.guidance(in, meta, "reasoner");
        });
        assertThat(seen).containsExactly(META);
    }

    @Test
    void anUnreachableDependencyIsWaitedOutWithoutSpendingAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var outcome = run((in, meta) -> {
            if (calls.incrementAndGet() <= 6) {
                throw new java.io.UncheckedIOException("cannot put s3://b/k", new java.net.ConnectException("Connection refused"));
            }
            return TestEvents.guidance(in, meta, "reasoner");
        });

        assertThat(outcome).isInstanceOf(StageOutcome.Produced.class);
        assertThat(((StageOutcome.Produced<GuidanceProduced>) outcome).attempts()).isEqualTo(1);
        // doubling from the first backoff, capped at 5 s
        assertThat(sleeps).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L);
    }

    @Test
    void anOutageLongerThanTheBudgetEndsInTheUsualAttempts() throws Exception {
        var outcome = run((in, meta) -> {
            throw new IllegalStateException("wrapped", new java.net.ConnectException("Connection refused"));
        });

        assertThat(outcome).isInstanceOf(StageOutcome.Failed.class);
        assertThat(((StageOutcome.Failed<GuidanceProduced>) outcome).kind()).isEqualTo(StageOutcome.Kind.FAILED);
        long waited = sleeps.stream().mapToLong(Duration::toMillis).sum();
        assertThat(waited).isGreaterThanOrEqualTo(RetryingHandler.OUTAGE_BUDGET.toMillis());
        assertThat(sleeps.subList(sleeps.size() - 3, sleeps.size())).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L);
    }

    @Test
    void outagesAreToldApartFromRequestFailuresByTheCauseChain() {
        assertThat(Outages.isOutage(new RuntimeException(new java.io.IOException(new java.net.SocketTimeoutException())))).isTrue();
        assertThat(Outages.isOutage(new java.net.UnknownHostException("minio"))).isTrue();
        assertThat(Outages.isOutage(new IllegalStateException("GPU busy"))).isFalse();
        assertThat(Outages.isOutage(new java.io.IOException("storage timeout"))).isFalse();
    }
}

class RetryingHandlerRulesTest {
    @Test
    void backoffDoublesAndIsCapped() {
        assertThat(RetryingHandler.backoffAfter(Duration.ofMillis(200), 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(RetryingHandler.backoffAfter(Duration.ofMillis(200), 3)).isEqualTo(Duration.ofMillis(800));
        assertThat(RetryingHandler.backoffAfter(Duration.ofMillis(1), 90)).isEqualTo(Duration.ofMillis(1L << 20));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new RetryingHandler("s", 0, Duration.ZERO)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RetryingHandler("s", 1, Duration.ofMillis(-1))).hasMessageContaining("backoff");
    }

}
