package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.vlm.OpenAiFailure.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which failures are tried again, after how long, and how a Retry-After header reads. */
class RetryPolicyTest {
    private static final Duration PLENTY = Duration.ofMinutes(1);

    @Test
    void transientFailuresBackOffDoublingUntilTheRetriesAreSpent() {
        RetryPolicy policy = new RetryPolicy(3);
        OpenAiFailure down = new OpenAiFailure(Kind.UNREACHABLE, "refused");
        assertThat(policy.retryDelay(1, down, PLENTY)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.retryDelay(2, down, PLENTY)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.retryDelay(3, down, PLENTY)).isEqualTo(Duration.ofMillis(2000));
        assertThat(policy.retryDelay(4, down, PLENTY)).isNull();
        assertThat(policy.retryDelay(1, new OpenAiFailure(Kind.SERVER_ERROR, "503"), PLENTY)).isNotNull();
    }

    @Test
    void finalFailuresAndTimeoutsAreNotRetried() {
        RetryPolicy policy = new RetryPolicy(3);
        for (Kind kind : new Kind[] {Kind.TIMEOUT, Kind.CLIENT_ERROR, Kind.REFUSED, Kind.MALFORMED, Kind.BAD_RESPONSE, Kind.CIRCUIT_OPEN}) {
            assertThat(policy.retryDelay(1, new OpenAiFailure(kind, "x"), PLENTY)).as(kind.name()).isNull();
        }
    }

    @Test
    void retryAfterIsHonouredWhenItFitsTheBudget() {
        RetryPolicy policy = new RetryPolicy(2);
        OpenAiFailure limited = new OpenAiFailure(Kind.RATE_LIMITED, "429", 3000L, null);
        assertThat(policy.retryDelay(1, limited, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.retryDelay(1, limited, Duration.ofMillis(3100))).as("no time left for the attempt").isNull();
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2025-01-16T12:00:00Z");
        assertThat(RetryPolicy.retryAfterMs("2", now)).isEqualTo(2000L);
        assertThat(RetryPolicy.retryAfterMs("0.5", now)).isEqualTo(500L);
        assertThat(RetryPolicy.retryAfterMs("Thu, 16 Jan 2025 12:00:07 GMT", now)).isEqualTo(7000L);
        assertThat(RetryPolicy.retryAfterMs("Thu, 16 Jan 2025 11:00:00 GMT", now)).isZero();
        assertThat(RetryPolicy.retryAfterMs("soon", now)).isNull();
        assertThat(RetryPolicy.retryAfterMs(null, now)).isNull();
    }
}
