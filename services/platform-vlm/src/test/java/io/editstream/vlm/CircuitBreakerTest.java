package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.vlm.CircuitBreaker.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Closed → open after N failures → one trial when the time is up → closed on success, open again on failure. */
class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, 500, now::get);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughLater() {
        breaker.failure("a");
        breaker.failure("b");
        assertThat(breaker.allow()).isTrue();
        breaker.failure("c");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.millisUntilTrial()).isEqualTo(500);
        assertThat(breaker.lastFailure()).isEqualTo("c");

        now.addAndGet(500);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.allow()).as("the trial").isTrue();
        assertThat(breaker.allow()).as("only one at a time").isFalse();
        breaker.success();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
    }

    @Test
    void aFailedTrialOpensItAgain() {
        for (int i = 0; i < 3; i++) {
            breaker.failure("down");
        }
        now.addAndGet(600);
        assertThat(breaker.allow()).isTrue();
        breaker.failure("still down");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.allow()).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failure("a");
        breaker.failure("b");
        breaker.success();
        breaker.failure("c");
        breaker.failure("d");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }
}
