package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.StageContract;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TopicWriter;
import java.awt.Color;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The scorer verticle on a real in-JVM broker and S3 endpoint, under the stages' contract: a rendered image
 * with its source and reference in S3 gives an EditScored with output and copy-baseline scores, and the
 * renderer's latent distance is carried into the output's scores.
 */
class ScorerIT extends StageContract<EditScored> {
    ScorerIT() {
        super(ScorerVerticle::new, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED);
    }

    @Override
    protected void publishValid(String id) {
        ImageRef source = put(ObjectKeys.source("it", id, "png"), Color.RED);
        ImageRef reference = put(ObjectKeys.reference("it", id, "png"), Color.GREEN);
        ImageRef output = put(ObjectKeys.result("it", id), Color.GREEN);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, source, output, reference));
    }

    @Override
    protected void publishWithMissingObject(String id) {
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id,
                rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), absentImage(ObjectKeys.result("it", id)), null));
    }

    @Override
    protected String publishWithForeignObject(String id) {
        ImageRef foreign = put(ObjectKeys.result(OTHER_TENANT, id), Color.GREEN);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), foreign, null));
        return foreign.getUri();
    }

    @Override
    protected void checkOutput(String id, EditScored out) {
        assertThat(out.getExplicitInstruction()).isEqualTo("paint the red ball green");
        assertThat(out.getScores()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t", "l1", "l2", "clip_i");
        assertThat(out.getScores().get("l1")).isZero();
        assertThat(out.getScores().get("l1_to_source")).isPositive();
        assertThat(out.getCopyBaseline().get("l1_to_source")).isZero();
        assertThat(out.getCopyBaseline().get("l1")).isEqualTo(out.getScores().get("l1_to_source"));
    }

    @Test
    void theRenderersLatentDistanceIsCarriedIntoTheScoresNotTheCopyBaseline() {
        String id = "latent-" + UUID.randomUUID();
        ImageRendered withLatent = rendered(id, put(ObjectKeys.source("it", id, "png"), Color.RED), put(ObjectKeys.result("it", id), Color.BLUE), null);
        withLatent.setSourceLatentL2(12.5);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, withLatent);

        EditScored scored = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, id, WAIT);
        assertThat(scored.getScores()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t", ScorerHandler.SOURCE_LATENT_L2);
        assertThat(scored.getScores().get(ScorerHandler.SOURCE_LATENT_L2)).isEqualTo(12.5);
        assertThat(scored.getCopyBaseline()).doesNotContainKey(ScorerHandler.SOURCE_LATENT_L2);
    }

    static ImageRendered rendered(String id, ImageRef source, ImageRef output, ImageRef reference) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        RequestContext context = RequestContext.newBuilder().setSource(source).setInstruction("make the ball look ripe")
                .setOptions(EditOptions.newBuilder().build()).setReference(reference).setSubmittedAt(now).build();
        StageInfo stage = StageInfo.newBuilder().setStage("diffusion-renderer").setReceivedAt(now).setUpstreamAt(now).build();
        return ImageRendered.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id).setTenant("it")
                .setOccurredAt(now).setContext(context).setStage(stage)
                .setExplicitInstruction("paint the red ball green").setReasoningType(ReasoningType.PHYSICAL)
                .setOutput(output).setSampler("euler_ancestral").build();
    }

    private ImageRef put(String key, Color ball) {
        return store.putImage(key, ImageTensors.encodePng(ScorerTest.scene(ball)), "image/png", 64, 64);
    }
}
