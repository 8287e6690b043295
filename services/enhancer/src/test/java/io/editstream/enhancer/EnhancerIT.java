package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.TensorRef;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.StageContract;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TopicWriter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enhancer verticle on a real broker and S3 with the fixture fusion model and a 3 s window, under the
 * stages' contract: a full pair is fused into [16, 64] conditioning, and a lone guidance times out into an
 * EditFailed naming the missing side.
 */
class EnhancerIT extends StageContract<ConditioningProduced> {
    @TempDir
    static Path stateDir;

    EnhancerIT() {
        super(EnhancerVerticle::new, Topics.CUES_EXTRACTED, Topics.CONDITIONING_PRODUCED);
    }

    @Override
    protected JsonObject config(String bucket) {
        return super.config(bucket).put("join", new JsonObject().put("windowMs", 3000))
                .put("streams", new JsonObject().put("stateDir", stateDir.toString()).put("applicationId", "enhancer-it"));
    }

    @Override
    protected String tenant() {
        return "acme";
    }

    @Override
    protected String metricName() {
        return "jvm_memory_used_bytes";
    }

    @Override
    protected void publishValid(String id) {
        TopicWriter.publish(kafka, Topics.GUIDANCE_PRODUCED, id, TestEvents.guidance(id, put(id, "reasoner", TestEvents.random(8, 64, 3))));
        TopicWriter.publish(kafka, Topics.CUES_EXTRACTED, id, TestEvents.cues(id, put(id, "cue-extractor", TestEvents.random(67, 64, 4))));
    }

    @Override
    protected void publishWithMissingObject(String id) {
        TensorRef absent = TensorRef.newBuilder(put(id, "reasoner", TestEvents.random(8, 64, 3)))
                .setUri(store.uri(ObjectKeys.tensor("acme", id, "nowhere"))).build();
        TopicWriter.publish(kafka, Topics.GUIDANCE_PRODUCED, id, TestEvents.guidance(id, absent));
        TopicWriter.publish(kafka, Topics.CUES_EXTRACTED, id, TestEvents.cues(id, put(id, "cue-extractor", TestEvents.random(67, 64, 4))));
    }

    @Override
    protected String publishWithForeignObject(String id) {
        FloatTensor g = TestEvents.random(8, 64, 3);
        TensorRef foreign = store.putTensor(ObjectKeys.tensor(OTHER_TENANT, id, "reasoner"), g.toBytes(), g.shape(), DType.FLOAT32);
        TopicWriter.publish(kafka, Topics.GUIDANCE_PRODUCED, id, TestEvents.guidance(id, foreign));
        TopicWriter.publish(kafka, Topics.CUES_EXTRACTED, id, TestEvents.cues(id, put(id, "cue-extractor", TestEvents.random(67, 64, 4))));
        return foreign.getUri();
    }

    @Override
    protected void checkOutput(String id, ConditioningProduced fused) {
        assertThat(fused.getConditioning().getShape()).containsExactly(16L, 64L);
        assertThat(store.getTensor(fused.getConditioning())).hasSize(16 * 64 * 4);
        assertThat(fused.getExplicitInstruction()).isEqualTo(TestEvents.EXPLICIT);
    }

    @Test
    void aLoneHalfTimesOutIntoAFailureNamingTheMissingSide() {
        String lone = "lone-" + UUID.randomUUID();
        long sent = System.nanoTime();
        TopicWriter.publish(kafka, Topics.GUIDANCE_PRODUCED, lone, TestEvents.guidance(lone, put(lone, "reasoner", TestEvents.random(8, 64, 5))));

        var failed = TopicReader.awaitValue(kafka, Topics.failed(EnhancerEvents.STAGE), lone, WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("the window is 3 s").isLessThan(Duration.ofSeconds(15));
        assertThat(failed.getReason()).isEqualTo("no cues from cue-extractor within 3 s");
    }

    private TensorRef put(String id, String stage, FloatTensor tensor) {
        return store.putTensor(ObjectKeys.tensor("acme", id, stage), tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }
}
