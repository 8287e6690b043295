package io.editstream.gateway;

import io.editstream.events.EditFailed;
import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events of one request as the stages would write them, for the status view's tests. */
final class Events {
    private Events() {
    }

    static ImageRef image(String uri) {
        return ImageRef.newBuilder().setUri(uri).setSha256("ab").setSizeBytes(10).setWidth(64).setHeight(64).build();
    }

    static RequestContext context(String id) {
        return RequestContext.newBuilder().setSource(image("s3://b/requests/" + id + "/source.png"))
                .setInstruction("what if the ball fell?").setOptions(EditOptions.newBuilder().build())
                .setSubmittedAt(Instant.ofEpochMilli(1000)).build();
    }

    static StageInfo stage(String name) {
        return StageInfo.newBuilder().setStage(name).setModelId("m").setModelVersion("1")
                .setReceivedAt(Instant.ofEpochMilli(2000)).setUpstreamAt(Instant.ofEpochMilli(1900))
                .setModelMicros(5000).setIoMicros(700).build();
    }

    static EditRequested requested(String id) {
        return EditRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id)
                .setOccurredAt(Instant.ofEpochMilli(1000)).setContext(context(id)).build();
    }

    static GuidanceProduced guidance(String id) {
        return GuidanceProduced.newBuilder().setEventId("g").setRequestId(id).setOccurredAt(Instant.ofEpochMilli(2100))
                .setContext(context(id)).setStage(stage("reasoner")).setExplicitInstruction("move the ball to the floor")
                .setReasoningType(ReasoningType.PHYSICAL).setReasoningConfidence(0.9f)
                .setGuidance(TensorRef.newBuilder().setUri("s3://b/t").setSha256("x").setSizeBytes(4).setShape(List.of(1L)).build())
                .build();
    }

    static ImageRendered rendered(String id) {
        return ImageRendered.newBuilder().setEventId("r").setRequestId(id).setOccurredAt(Instant.ofEpochMilli(3000))
                .setContext(context(id)).setStage(stage("diffusion-renderer")).setExplicitInstruction("move the ball")
                .setReasoningType(ReasoningType.PHYSICAL).setOutput(image("s3://b/results/" + id + "/edited.png"))
                .setSampler("euler-ancestral").build();
    }

    static EditScored scored(String id) {
        return EditScored.newBuilder().setEventId("s").setRequestId(id).setOccurredAt(Instant.ofEpochMilli(4000))
                .setContext(context(id)).setStage(stage("scorer")).setExplicitInstruction("move the ball")
                .setReasoningType(ReasoningType.PHYSICAL).setOutput(image("s3://b/results/" + id + "/edited.png"))
                .setScores(Map.of("clip_t", 0.3)).setCopyBaseline(Map.of("clip_t", 0.2)).build();
    }

    static EditFailed failed(String id, String stage, String reason) {
        return EditFailed.newBuilder().setEventId("f").setRequestId(id).setOccurredAt(Instant.ofEpochMilli(5000))
                .setStage(stage).setReason(reason).setErrorClass("X").build();
    }
}
