package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.TensorPlacement;
import io.editstream.testing.RequestStageContract;

/**
 * The reasoner verticle on a real in-JVM broker and S3 endpoint, under the stages' contract: a stored source
 * image gives a GuidanceProduced whose [8, 64] tensor is in S3.
 */
class ReasonerIT extends RequestStageContract<GuidanceProduced> {
    ReasonerIT() {
        super(ReasonerVerticle::new, Topics.GUIDANCE_PRODUCED, "what would the red ball look like after a week in the sun");
    }

    @Override
    protected void checkOutput(String id, GuidanceProduced out) {
        assertThat(out.getExplicitInstruction()).isNotBlank();
        assertThat(out.getReasoningConfidence()).isBetween(0.2f, 1f);
        assertThat(out.getGuidance().getShape()).containsExactly(8L, 64L);
        assertThat(out.getGuidance().getUri())
                .as("at most s3.inlineTensorBytes: in the event, under the key it would have had")
                .isEqualTo(TensorPlacement.inlineUri(ObjectKeys.tensor("it", id, "reasoner")));
        FloatTensor guidance = FloatTensor.fromBytes(new long[] {8, 64}, store.getTensor(out.getGuidance()));
        assertThat(guidance.data()).hasSize(8 * 64);
        assertThat(out.getStage().getModelMicros()).isPositive();
    }
}
