package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.StageContract;
import io.editstream.testing.TopicWriter;

/**
 * The reasoner verticle on a real in-JVM broker and S3 endpoint, under the stages' contract: a stored source
 * image gives a GuidanceProduced whose [8, 64] tensor is in S3.
 */
class ReasonerIT extends StageContract<GuidanceProduced> {
    private static final String INSTRUCTION = "what would the red ball look like after a week in the sun";

    @Override
    protected ServiceVerticle newVerticle() {
        return new ReasonerVerticle();
    }

    @Override
    protected Topic<GuidanceProduced> output() {
        return Topics.GUIDANCE_PRODUCED;
    }

    @Override
    protected Topic<?> input() {
        return Topics.EDIT_REQUESTED;
    }

    @Override
    protected void publishValid(String id) {
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, storeScene(ObjectKeys.source(id, "png"), 1), INSTRUCTION));
    }

    @Override
    protected void publishWithMissingObject(String id) {
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, absentImage(ObjectKeys.source(id, "png")), INSTRUCTION));
    }

    @Override
    protected void checkOutput(String id, GuidanceProduced out) {
        assertThat(out.getExplicitInstruction()).isNotBlank();
        assertThat(out.getReasoningConfidence()).isBetween(0.2f, 1f);
        assertThat(out.getGuidance().getShape()).containsExactly(8L, 64L);
        assertThat(out.getGuidance().getUri()).isEqualTo(store.uri(ObjectKeys.tensor(id, "reasoner")));
        FloatTensor guidance = FloatTensor.fromBytes(new long[] {8, 64}, store.getTensor(out.getGuidance()));
        assertThat(guidance.data()).hasSize(8 * 64);
        assertThat(out.getStage().getModelMicros()).isPositive();
    }
}
