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
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reasoner's stage step: fetch the source image named by the request, reason over it, store the
 * guidance states (when the backend has any) as a [G, D] tensor under the request's deterministic key and
 * announce them with the explicit instruction, the objects and the rationale. A source image that is missing,
 * corrupt or not an image can never succeed and is rejected; storage and model errors are left to the stage
 * loop's retries (the OpenAI backend rejects its own failures, having retried them within its timeout). The
 * event id is derived from the request, so a reprocessed request yields the same id and consumers can drop
 * the duplicate. Thread-safe when the backend is.
 */
public final class ReasonerHandler implements StageHandler<EditRequested, GuidanceProduced> {
    private static final Logger LOG = LoggerFactory.getLogger(ReasonerHandler.class);
    private static final String STAGE = Topics.REASONER;

    private final ReasoningBackend reasoner;
    private final ObjectStore store;

    public ReasonerHandler(ReasoningBackend reasoner, ObjectStore store) {
        this.reasoner = reasoner;
        this.store = store;
    }

    @Override
    public GuidanceProduced handle(EditRequested request, RecordMeta meta) {
        String id = request.getRequestId();
        StageTimer timer = new StageTimer();
        BufferedImage image = timer.io(() -> StageInputs.image(store, request.getContext().getSource(), "source", id));
        Reasoning reasoning = timer.model(() -> reasoner.reason(image, request.getContext().getInstruction()));
        FloatTensor guidance = reasoning.guidance();
        TensorRef ref = null;
        if (guidance != null) {
            long[] shape = {guidance.shape()[1], guidance.shape()[2]};
            ref = timer.io(() -> store.putTensor(ObjectKeys.tensor(id, STAGE), guidance.toBytes(), shape, DType.FLOAT32));
        }
        LOG.info("request {}: {} ({}), explicit instruction '{}'{}", id, reasoning.type(),
                String.format("%.2f", reasoning.confidence()), reasoning.explicitInstruction(),
                reasoning.objects().isEmpty() ? "" : ", objects " + reasoning.objects());
        StageInfo stage = timer.info(STAGE, reasoning.modelId(), reasoning.modelVersion(), meta);
        return GuidanceProduced.newBuilder()
                .setEventId(StageInputs.eventId(STAGE, id)).setRequestId(id).setTenant(request.getTenant())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setContext(request.getContext()).setStage(stage)
                .setExplicitInstruction(reasoning.explicitInstruction()).setReasoningType(reasoning.type())
                .setReasoningConfidence(reasoning.confidence()).setGuidance(ref)
                .setObjects(reasoning.objects()).setRationale(reasoning.rationale()).build();
    }
}
