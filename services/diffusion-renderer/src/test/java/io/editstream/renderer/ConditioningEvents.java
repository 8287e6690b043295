package io.editstream.renderer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.EditOptions;
import io.editstream.events.FusionMode;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import java.time.Instant;

/** The enhancer's output as the renderer's integration tests feed it: "make it night" on a source, with a conditioning. */
final class ConditioningEvents {
    private ConditioningEvents() {
    }

    static ConditioningProduced.Builder makeItNight(String id, ImageRef source, TensorRef conditioning, int steps, FusionMode mode) {
        return ConditioningProduced.newBuilder().setEventId("c-" + id).setRequestId(id)
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(source).setInstruction("make it night")
                        .setOptions(EditOptions.newBuilder().setSteps(steps).build()).setSubmittedAt(Instant.now()).build())
                .setStage(StageInfo.newBuilder().setStage("enhancer").setReceivedAt(Instant.now()).setUpstreamAt(Instant.now()).build())
                .setExplicitInstruction("make it night").setReasoningType(ReasoningType.EXPLICIT).setMode(mode)
                .setConditioning(conditioning);
    }
}
