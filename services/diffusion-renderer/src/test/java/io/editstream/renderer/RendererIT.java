package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.TensorRef;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.ObjectKeys;
import io.editstream.testing.SampleImages;
import io.editstream.testing.StageContract;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TopicWriter;
import java.awt.image.BufferedImage;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The renderer service on a real broker and S3, under the stages' contract: a request is rendered at the
 * source's size and stored; a conditioning of the wrong shape is dead-lettered naming both shapes.
 */
class RendererIT extends StageContract<ImageRendered> {
    RendererIT() {
        super(RendererVerticle::new, Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED);
    }

    @Override
    protected void publishValid(String id) {
        ImageRef source = store.putImage(ObjectKeys.source("it", id, "png"), SampleImages.scenePng(72, 48, 5), "image/png", 72, 48);
        publish(id, source, conditioning(id, 16));
    }

    @Override
    protected void publishWithMissingObject(String id) {
        publish(id, absentImage(ObjectKeys.source("it", id, "png")), conditioning(id, 16));
    }

    @Override
    protected String publishWithForeignObject(String id) {
        ImageRef foreign = storeScene(ObjectKeys.source(OTHER_TENANT, id, "png"), 5);
        publish(id, foreign, conditioning(id, 16));
        return foreign.getUri();
    }

    @Override
    protected void checkOutput(String id, ImageRendered event) {
        BufferedImage edited = ImageTensors.decode(store.getImage(event.getOutput()));
        assertThat(edited.getWidth()).isEqualTo(72);
        assertThat(edited.getHeight()).isEqualTo(48);
        assertThat(event.getSampler()).isEqualTo("euler-ancestral");
        assertThat(event.getStage().getModelMicros()).isPositive();
    }

    @Test
    void aConditioningOfTheWrongShapeIsDeadLetteredNamingBothShapes() {
        String id = "render-shape-" + UUID.randomUUID();
        publish(id, storeScene(ObjectKeys.source("it", id, "png"), 5), conditioning(id, 8));

        var dead = TopicReader.readRaw(kafka, Topics.deadLetter(Topics.RENDERER), rs -> rs.stream().anyMatch(r -> id.equals(r.key())), WAIT);
        String cause = TopicReader.header(dead.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow(), FailureRecords.CAUSE);
        assertThat(cause).contains("[8, 64]").contains("[16, 64]");
        assertThat(TopicReader.awaitValue(kafka, Topics.failed(Topics.RENDERER), id, WAIT).getStage()).isEqualTo(Topics.RENDERER);
    }

    private TensorRef conditioning(String id, int rows) {
        return store.putTensor(ObjectKeys.tensor("it", id, "enhancer"), new byte[rows * 64 * 4], new long[] {rows, 64}, DType.FLOAT32);
    }

    private void publish(String id, ImageRef source, TensorRef conditioning) {
        ConditioningProduced event = ConditioningEvents.makeItNight(id, source, conditioning, 3, FusionMode.LEARNED_FUSION)
                .setTenant("it").build();
        TopicWriter.publish(kafka, Topics.CONDITIONING_PRODUCED, id, event);
    }
}
