package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.StageOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry rule around a fuser, with the waits recorded instead of slept. */
class RetryingFuserTest {
    private final MeanFuser fuser = new MeanFuser();
    private final List<Duration> waits = new ArrayList<>();
    private final RetryingFuser retrying = new RetryingFuser(fuser, 4, Duration.ofMillis(200), waits::add);

    @Test
    void transientFailuresAreRetriedWithADoublingBackoff() {
        fuser.failNext(2);
        StageOutcome<Fuser.Fused> outcome = retrying.fuse(guidance("r"), cues("r"));
        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Produced.class, p -> assertThat(p.attempts()).isEqualTo(3));
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void persistentFailuresGiveUpAfterTheLastAttempt() {
        fuser.failNext(10);
        StageOutcome<Fuser.Fused> outcome = retrying.fuse(guidance("r"), cues("r"));
        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(StageOutcome.Kind.FAILED);
            assertThat(f.reason()).isEqualTo("gave up after 4 attempts: IllegalStateException: storage unavailable");
        });
        assertThat(fuser.calls).hasSize(4);
        assertThat(waits).hasSize(3);
    }

    @Test
    void badInputIsRejectedAtOnce() {
        GuidanceProduced g = TestEvents.guidance("r", TestEvents.ref("mem://nowhere", 8, 4));
        StageOutcome<Fuser.Fused> outcome = retrying.fuse(g, cues("r"));
        assertThat(outcome).isInstanceOfSatisfying(StageOutcome.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(StageOutcome.Kind.DEAD_LETTERED);
            assertThat(f.reason()).contains("mem://nowhere is missing");
        });
        assertThat(fuser.calls).hasSize(1);
        assertThat(waits).isEmpty();
    }

    private GuidanceProduced guidance(String id) {
        return TestEvents.guidance(id, fuser.put("mem://" + id + "/g", TestEvents.random(8, 4, 1)));
    }

    private CuesExtracted cues(String id) {
        return TestEvents.cues(id, fuser.put("mem://" + id + "/c", TestEvents.random(3, 4, 2)));
    }
}
