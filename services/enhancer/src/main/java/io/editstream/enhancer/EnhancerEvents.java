package io.editstream.enhancer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.EditFailed;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.StageInfo;
import io.editstream.stage.StageTimer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The events the enhancer writes, built from plain values. The conditioning carries the guidance's request
 * context, explicit instruction and reasoning type (the cues add nothing the renderer reads besides the
 * fused tensor) and says when the completing half arrived; a join timeout names the side that never came.
 * Event ids derive from the request id, so a request re-joined after an aborted transaction keeps its id.
 */
public final class EnhancerEvents {
    public static final String STAGE = "enhancer";
    /** The errorClass of an EditFailed written because a half waited out the join window. */
    public static final String JOIN_TIMEOUT = "JoinTimeout";

    private EnhancerEvents() {
    }

    public static ConditioningProduced conditioning(GuidanceProduced guidance, Fuser.Fused fused,
                                                    Instant receivedAt, Instant upstreamAt, Instant now) {
        String id = guidance.getRequestId();
        StageInfo stage = StageTimer.info(STAGE, fused.modelId(), fused.modelVersion(), receivedAt, upstreamAt,
                fused.modelMicros(), fused.ioMicros());
        return ConditioningProduced.newBuilder()
                .setEventId(eventId("conditioning", id)).setRequestId(id).setTenant(guidance.getTenant())
                .setOccurredAt(now).setContext(guidance.getContext()).setStage(stage)
                .setExplicitInstruction(guidance.getExplicitInstruction()).setReasoningType(guidance.getReasoningType())
                .setMode(fused.mode()).setConditioning(fused.conditioning()).setPooled(fused.pooled()).build();
    }

    /**
     * The terminal status of a request whose other half did not arrive in time; {@code sourceTopic} is the
     * topic of the half that did.
     */
    public static EditFailed timedOut(String requestId, String tenant, boolean guidanceArrived, Duration window,
                                      String sourceTopic, Instant now) {
        return EditFailed.newBuilder()
                .setEventId(eventId("timeout", requestId)).setRequestId(requestId).setTenant(tenant)
                .setOccurredAt(now).setStage(STAGE).setReason(timeoutReason(guidanceArrived, window))
                .setErrorClass(JOIN_TIMEOUT).setSourceTopic(sourceTopic).build();
    }

    /** "no cues from cue-extractor within 60 s" when the guidance waited, the converse when the cues did. */
    public static String timeoutReason(boolean guidanceArrived, Duration window) {
        String missing = guidanceArrived ? "no cues from cue-extractor" : "no guidance from reasoner";
        return missing + " within " + seconds(window) + " s";
    }

    /** Whole seconds without a fraction (60), otherwise as many decimals as needed (1.5). */
    static String seconds(Duration window) {
        return BigDecimal.valueOf(window.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String eventId(String kind, String requestId) {
        return UUID.nameUUIDFromBytes((STAGE + "/" + kind + "/" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
