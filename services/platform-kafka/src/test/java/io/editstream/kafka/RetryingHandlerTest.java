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
import org.junit.jupiter.api.Test;

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

    @Test
    void givesUpAfterMaxAttemptsAsFailed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var outcome = run((in, meta) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("GPU busy");
        });

        assertThat(calls).hasValue(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        var failed = (StageOutcome.Failed<GuidanceProduced>) outcome;
        assertThat(failed.kind()).isEqualTo(StageOutcome.Kind.FAILED);
        assertThat(failed.label()).isEqualTo("failed");
        assertThat(failed.reason()).isEqualTo("gave up after 4 attempts: IllegalStateException: GPU busy");
    }

    @Test
    void rejectedInputIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var outcome = run((in, meta) -> {
            calls.incrementAndGet();
            throw new RejectedInputException("source image missing");
        });

        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
        assertThat(outcome.label()).isEqualTo("dead_lettered");
        assertThat(((StageOutcome.Failed<?>) outcome).reason()).isEqualTo("RejectedInputException: source image missing");
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
