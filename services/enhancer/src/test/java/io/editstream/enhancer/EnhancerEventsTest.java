package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.EditFailed;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ReasoningType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The enhancer's events, built from plain values. */
class EnhancerEventsTest {

    @Test
    void conditioningCarriesTheGuidanceAndTheFusionTimings() {
        GuidanceProduced g = TestEvents.guidance("r1", TestEvents.ref("s3://b/g", 8, 64));
        Fuser.Fused fused = new Fuser.Fused(TestEvents.ref("s3://b/tensors/r1/enhancer.bin", 16, 64), "enhancer-fixture", "fixture-1", 1200, 340);

        ConditioningProduced out = EnhancerEvents.conditioning(g, fused, Instant.ofEpochMilli(5_000),
                Instant.ofEpochMilli(4_000), Instant.ofEpochMilli(6_000));

        assertThat(out.getRequestId()).isEqualTo("r1");
        assertThat(out.getTenant()).isEqualTo("acme");
        assertThat(out.getContext()).isEqualTo(g.getContext());
        assertThat(out.getExplicitInstruction()).isEqualTo(TestEvents.EXPLICIT);
        assertThat(out.getReasoningType()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(out.getMode()).isEqualTo(FusionMode.LEARNED_FUSION);
        assertThat(out.getConditioning().getShape()).containsExactly(16L, 64L);
        assertThat(out.getStage().getStage()).isEqualTo("enhancer");
        assertThat(out.getStage().getModelId()).isEqualTo("enhancer-fixture");
        assertThat(out.getStage().getReceivedAt()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(out.getStage().getUpstreamAt()).isEqualTo(Instant.ofEpochMilli(4_000));
        assertThat(out.getStage().getModelMicros()).isEqualTo(1200);
        assertThat(out.getStage().getIoMicros()).isEqualTo(340);
        assertThat(out.getEventId()).as("stable across a re-join")
                .isEqualTo(EnhancerEvents.conditioning(g, fused, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH).getEventId());
    }

    @Test
    void aTimeoutNamesTheSideThatNeverCame() {
        EditFailed noCues = EnhancerEvents.timedOut("r2", "acme", true, Duration.ofSeconds(60), "reasoner.guidance.produced", Instant.EPOCH);
        assertThat(noCues.getReason()).isEqualTo("no cues from cue-extractor within 60 s");
        assertThat(noCues.getErrorClass()).isEqualTo(EnhancerEvents.JOIN_TIMEOUT);
        assertThat(noCues.getStage()).isEqualTo("enhancer");
        assertThat(noCues.getSourceTopic()).isEqualTo("reasoner.guidance.produced");
        assertThat(EnhancerEvents.timeoutReason(false, Duration.ofMillis(1_500))).isEqualTo("no guidance from reasoner within 1.5 s");
        assertThat(EnhancerEvents.seconds(Duration.ofMillis(3_000))).isEqualTo("3");
    }
}
