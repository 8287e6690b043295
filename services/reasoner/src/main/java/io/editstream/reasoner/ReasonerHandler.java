package io.editstream.reasoner;

import io.editstream.events.DType;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
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
        BufferedImage image = loadImage(store, request.getContext().getSource(), id);
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
                .setEventId(eventId(STAGE, id)).setRequestId(id).setTenant(request.getTenant())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setContext(request.getContext()).setStage(stage)
                .setExplicitInstruction(reasoning.explicitInstruction()).setReasoningType(reasoning.type())
                .setReasoningConfidence(reasoning.confidence()).setGuidance(ref).build();
    }

    /** Reads and decodes an image; anything that makes the request hopeless becomes a rejection. */
    static BufferedImage loadImage(ObjectStore store, ImageRef ref, String requestId) {
        try {
            return ImageTensors.decode(store.getImage(ref));
        } catch (MissingObjectException | CorruptObjectException | IllegalArgumentException e) {
            throw new RejectedInputException("request " + requestId + ": source image " + ref.getUri()
                    + " is unusable: " + e.getMessage(), e);
        }
    }

    static String eventId(String stage, String requestId) {
        return UUID.nameUUIDFromBytes((stage + "/" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
