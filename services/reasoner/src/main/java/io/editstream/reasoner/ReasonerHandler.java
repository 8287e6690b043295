package io.editstream.reasoner;

import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.stage.RequestTensorHandler;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;

/**
 * The reasoner's stage step: reason over the source image and the instruction, store the guidance states (when
 * the backend has any) as a [G, D] tensor and announce them with the explicit instruction, the objects and the
 * rationale (the fetching, storing, rejection and event-id rules are {@link RequestTensorHandler}'s). The OpenAI
 * backend rejects its own failures, having retried them within its timeout. Thread-safe when the backend is.
 */
public final class ReasonerHandler extends RequestTensorHandler<GuidanceProduced, Reasoning> {
    private final ReasoningBackend reasoner;

    public ReasonerHandler(ReasoningBackend reasoner, ObjectStore store) {
        super(Topics.REASONER, store);
        this.reasoner = reasoner;
    }

    @Override
    protected Reasoning run(BufferedImage image, String instruction) {
        return reasoner.reason(image, instruction);
    }

    /** The model's [1, G, D] guidance, stored without its batch axis; none from a backend without hidden states. */
    @Override
    protected FloatTensor tensor(Reasoning reasoning) {
        FloatTensor guidance = reasoning.guidance();
        return guidance == null ? null : new FloatTensor(new long[] {guidance.shape()[1], guidance.shape()[2]}, guidance.data());
    }

    @Override
    protected String summary(Reasoning reasoning) {
        return reasoning.type() + " (" + String.format("%.2f", reasoning.confidence()) + "), explicit instruction '"
                + reasoning.explicitInstruction() + "'" + (reasoning.objects().isEmpty() ? "" : ", objects " + reasoning.objects());
    }

    @Override
    protected String modelId(Reasoning reasoning) {
        return reasoning.modelId();
    }

    @Override
    protected String modelVersion(Reasoning reasoning) {
        return reasoning.modelVersion();
    }

    @Override
    protected GuidanceProduced event(EditRequested request, Header header, Reasoning reasoning, TensorRef ref) {
        return GuidanceProduced.newBuilder()
                .setEventId(header.eventId()).setRequestId(request.getRequestId()).setTenant(request.getTenant())
                .setOccurredAt(header.occurredAt()).setContext(request.getContext()).setStage(header.stage())
                .setExplicitInstruction(reasoning.explicitInstruction()).setReasoningType(reasoning.type())
                .setReasoningConfidence(reasoning.confidence()).setGuidance(ref)
                .setObjects(reasoning.objects()).setRationale(reasoning.rationale()).build();
    }
}
