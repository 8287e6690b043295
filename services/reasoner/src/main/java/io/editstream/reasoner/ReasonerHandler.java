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
 * The reasoner's stage step: reason over the source image and the instruction, store the guidance states
 * as a [G, D] tensor and announce them with the explicit instruction (the fetching, storing, rejection and
 * event-id rules are {@link RequestTensorHandler}'s).
 */
public final class ReasonerHandler extends RequestTensorHandler<GuidanceProduced, Reasoner.Reasoning> {
    private final Reasoner reasoner;

    public ReasonerHandler(Reasoner reasoner, ObjectStore store) {
        super(Topics.REASONER, store);
        this.reasoner = reasoner;
    }

    @Override
    protected Reasoner.Reasoning run(BufferedImage image, String instruction) {
        return reasoner.reason(image, instruction);
    }

    /** The model's [1, G, D] guidance, stored without its batch axis. */
    @Override
    protected FloatTensor tensor(Reasoner.Reasoning reasoning) {
        FloatTensor guidance = reasoning.guidance();
        return new FloatTensor(new long[] {guidance.shape()[1], guidance.shape()[2]}, guidance.data());
    }

    @Override
    protected String summary(Reasoner.Reasoning reasoning) {
        return reasoning.type() + " (" + String.format("%.2f", reasoning.confidence()) + "), explicit instruction '"
                + reasoning.explicitInstruction() + "'";
    }

    @Override
    protected String modelId() {
        return reasoner.modelId();
    }

    @Override
    protected String modelVersion() {
        return reasoner.modelVersion();
    }

    @Override
    protected GuidanceProduced event(EditRequested request, Header header, Reasoner.Reasoning reasoning, TensorRef ref) {
        return GuidanceProduced.newBuilder()
                .setEventId(header.eventId()).setRequestId(request.getRequestId()).setTenant(request.getTenant())
                .setOccurredAt(header.occurredAt()).setContext(request.getContext()).setStage(header.stage())
                .setExplicitInstruction(reasoning.explicitInstruction()).setReasoningType(reasoning.type())
                .setReasoningConfidence(reasoning.confidence()).setGuidance(ref).build();
    }
}
