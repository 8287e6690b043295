package io.editstream.reasoner;

import io.editstream.events.DType;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectKeys;
import io.editstream.stage.StageInputs;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reasoner's stage step: fetch the source image named by the request, reason over it, store the
 * guidance states as a [G, D] tensor under the request's deterministic key and announce them with the
 * explicit instruction. A source image that is missing, corrupt or not an image can never succeed and is
 * rejected; storage and model errors are left to the stage loop's retries. The event id is derived from
 * the request, so a reprocessed request yields the same id and consumers can drop the duplicate.
 */
public final class ReasonerHandler implements StageHandler<EditRequested, GuidanceProduced> {
    private static final Logger LOG = LoggerFactory.getLogger(ReasonerHandler.class);
    private static final String STAGE = Topics.REASONER;

    private final Reasoner reasoner;
    private final ObjectStore store;

    public ReasonerHandler(Reasoner reasoner, ObjectStore store) {
        this.reasoner = reasoner;
        this.store = store;
    }

    @Override
    public GuidanceProduced handle(EditRequested request, RecordMeta meta) {
        String id = request.getRequestId();
        long t0 = System.nanoTime();
        BufferedImage image = StageInputs.image(store, request.getContext().getSource(), "source", id);
        long t1 = System.nanoTime();
        Reasoner.Reasoning reasoning = reasoner.reason(image, request.getContext().getInstruction());
        long t2 = System.nanoTime();
        FloatTensor guidance = reasoning.guidance();
        long[] shape = {guidance.shape()[1], guidance.shape()[2]};
        TensorRef ref = store.putTensor(ObjectKeys.tensor(id, STAGE), guidance.toBytes(), shape, DType.FLOAT32);
        long t3 = System.nanoTime();
        LOG.info("request {}: {} ({}), explicit instruction '{}'", id, reasoning.type(),
                String.format("%.2f", reasoning.confidence()), reasoning.explicitInstruction());
        StageInfo stage = StageInfo.newBuilder().setStage(STAGE)
                .setModelId(reasoner.modelId()).setModelVersion(reasoner.modelVersion())
                .setReceivedAt(Instant.ofEpochMilli(meta.receivedAt())).setUpstreamAt(Instant.ofEpochMilli(meta.timestamp()))
                .setModelMicros((t2 - t1) / 1000).setIoMicros(((t1 - t0) + (t3 - t2)) / 1000).build();
        return GuidanceProduced.newBuilder()
                .setEventId(StageInputs.eventId(STAGE, id)).setRequestId(id).setTenant(request.getTenant())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setContext(request.getContext()).setStage(stage)
                .setExplicitInstruction(reasoning.explicitInstruction()).setReasoningType(reasoning.type())
                .setReasoningConfidence(reasoning.confidence()).setGuidance(ref).build();
    }
}
