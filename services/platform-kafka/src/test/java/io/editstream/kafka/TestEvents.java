package io.editstream.kafka;

import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Builds small but complete events for the tests: a request and the guidance a toy stage derives from it. */
final class TestEvents {
    private TestEvents() {
    }

    static EditRequested request(String requestId, String instruction) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ImageRef source = ImageRef.newBuilder()
                .setUri("s3://editstream/requests/" + requestId + "/source.png")
                .setSha256("00ff").setSizeBytes(1234).setWidth(64).setHeight(64).build();
        RequestContext context = RequestContext.newBuilder()
                .setSource(source).setInstruction(instruction)
                .setOptions(EditOptions.newBuilder().build())
                .setSubmittedAt(now).build();
        return EditRequested.newBuilder()
                .setEventId("ev-" + requestId).setRequestId(requestId).setTenant("tenant-a")
                .setOccurredAt(now).setContext(context).build();
    }

    /** The toy stage: the "explicit instruction" is the instruction upper-cased, so tests can check it. */
    static GuidanceProduced guidance(EditRequested in, StageHandler.RecordMeta meta, String stage) {
        StageInfo info = StageInfo.newBuilder().setStage(stage)
                .setReceivedAt(Instant.ofEpochMilli(meta.receivedAt()))
                .setUpstreamAt(Instant.ofEpochMilli(meta.timestamp())).build();
        TensorRef tensor = TensorRef.newBuilder().setUri("s3://editstream/tensors/" + in.getRequestId() + "/g.bin")
                .setSha256("ab").setSizeBytes(8).setShape(List.of(1L, 2L)).build();
        return GuidanceProduced.newBuilder()
                .setEventId("g-" + in.getEventId()).setRequestId(in.getRequestId()).setTenant(in.getTenant())
                .setOccurredAt(Instant.now()).setContext(in.getContext()).setStage(info)
                .setExplicitInstruction(in.getContext().getInstruction().toUpperCase())
                .setReasoningType(ReasoningType.EXPLICIT).setReasoningConfidence(1f).setGuidance(tensor).build();
    }
}
