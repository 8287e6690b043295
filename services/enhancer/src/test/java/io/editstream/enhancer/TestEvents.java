package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.EditOptions;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.onnx.FloatTensor;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Upstream events as the reasoner and the cue extractor write them, around given tensor references. */
final class TestEvents {
    static final String INSTRUCTION = "what if the table tilted?";
    static final String EXPLICIT = "move the ball to the floor";

    private TestEvents() {
    }

    static GuidanceProduced guidance(String id, TensorRef tensor) {
        return GuidanceProduced.newBuilder().setEventId("g-" + id).setRequestId(id).setTenant("acme")
                .setOccurredAt(Instant.ofEpochMilli(0)).setContext(context(id)).setStage(stage("reasoner"))
                .setExplicitInstruction(EXPLICIT).setReasoningType(ReasoningType.PHYSICAL).setReasoningConfidence(0.8f)
                .setGuidance(tensor).build();
    }

    static CuesExtracted cues(String id, TensorRef tensor) {
        return CuesExtracted.newBuilder().setEventId("c-" + id).setRequestId(id).setTenant("acme")
                .setOccurredAt(Instant.ofEpochMilli(0)).setContext(context(id)).setStage(stage("cue-extractor"))
                .setCues(tensor).setPatchCount(64).setRegions(List.of()).setTextCues(List.of("red ball")).build();
    }

    static TensorRef ref(String uri, long... shape) {
        return TensorRef.newBuilder().setUri(uri).setSha256("unchecked").setSizeBytes(Arrays.stream(shape).reduce(4, (a, b) -> a * b))
                .setShape(Arrays.stream(shape).boxed().toList()).setDtype(DType.FLOAT32).build();
    }

    /** A [rows, cols] tensor of seeded Gaussian values. */
    static FloatTensor random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(new long[] {rows, cols}, values);
    }

    private static RequestContext context(String id) {
        return RequestContext.newBuilder()
                .setSource(ImageRef.newBuilder().setUri("s3://b/tenants/acme/requests/" + id + "/source.png").setSha256("x")
                        .setSizeBytes(1).setWidth(64).setHeight(64).build())
                .setInstruction(INSTRUCTION).setOptions(EditOptions.newBuilder().build())
                .setSubmittedAt(Instant.ofEpochMilli(0)).build();
    }

    private static StageInfo stage(String name) {
        return StageInfo.newBuilder().setStage(name).setReceivedAt(Instant.ofEpochMilli(0))
                .setUpstreamAt(Instant.ofEpochMilli(0)).build();
    }
}
