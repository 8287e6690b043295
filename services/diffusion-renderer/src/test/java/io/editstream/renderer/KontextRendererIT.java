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
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TestServices;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The renderer service on a real broker and S3 with the FLUX.1 Kontext fixture: conditioning events carrying the T5
 * sequence [512, 32] and the pooled CLIP projection [32], as the enhancer's text-encoder mode writes them for a FLUX
 * bundle, render two at a time through the transformer micro-batcher at the source's size; an event without the pooled
 * projection can never render and is dead-lettered saying what the bundle takes.
 */
class KontextRendererIT {
    private static final String BUCKET = "renderer-kontext-it";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void rendersKontextRequestsAndRefusesOneWithoutItsPooledProjection() throws Exception {
        Path bundle = Bundles.locate("flux-kontext-tiny");
        JsonObject config = TestServices.config(BUCKET);
        config.getJsonObject("model").put("bundle", bundle.toString());
        config.put("render", new JsonObject().put("concurrency", 2).put("maxBatch", 2).put("maxDelayMs", 50));
        FluxTextEncoders.Encoded prompt;
        try (FluxTextEncoders text = FluxTextEncoders.load(ModelBundle.load(bundle), Device.CPU)) {
            prompt = text.encode("move the green cube to the left of the red cone");
        }
        try (AutoCloseable service = TestServices.closing(TestServices.deploy(new RendererVerticle(), config));
             ObjectStore store = TestInfra.objectStore(BUCKET);
             var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "kontext-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                ImageRef source = store.putImage(ObjectKeys.source("default", id, "png"), SampleImages.scenePng(80, 48, i), "image/png", 80, 48);
                TensorRef sequence = put(store, ObjectKeys.tensor("default", id, "enhancer"), prompt.sequence());
                TensorRef pooled = put(store, ObjectKeys.tensor("default", id, "enhancer-pooled"), prompt.pooled());
                producer.send(record(ConditioningEvents.makeItNight(id, source, sequence, 4, FusionMode.TEXT_ENCODER).setPooled(pooled).build())).get();
            }
            String unpooled = "kontext-unpooled-" + UUID.randomUUID();
            ImageRef source = store.putImage(ObjectKeys.source("default", unpooled, "png"), SampleImages.scenePng(64, 64, 1), "image/png", 64, 64);
            TensorRef sequence = put(store, ObjectKeys.tensor("default", unpooled, "enhancer"), prompt.sequence());
            producer.send(record(ConditioningEvents.makeItNight(unpooled, source, sequence, 4, FusionMode.TEXT_ENCODER).build())).get();

            var rendered = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.IMAGE_RENDERED,
                    rs -> ids.stream().allMatch(id -> rs.stream().anyMatch(r -> r.key().equals(id))), WAIT);
            for (String id : ids) {
                ImageRendered event = rendered.stream().filter(r -> r.key().equals(id)).findFirst().orElseThrow().value();
                BufferedImage edited = ImageTensors.decode(store.getImage(event.getOutput()));
                assertThat(edited.getWidth()).isEqualTo(80);
                assertThat(edited.getHeight()).isEqualTo(48);
                assertThat(event.getSampler()).isEqualTo("flow-match-euler");
                assertThat(event.getStage().getModelId()).isEqualTo("flux-kontext-tiny");
                assertThat(event.getSourceLatentL2()).isPositive();
            }
            var dead = TopicReader.readRaw(TestInfra.kafkaSettings(), Topics.deadLetter(Topics.RENDERER),
                    rs -> rs.stream().anyMatch(r -> unpooled.equals(r.key())), WAIT);
            String cause = TopicReader.header(dead.stream().filter(r -> unpooled.equals(r.key())).findFirst().orElseThrow(), FailureRecords.CAUSE);
            assertThat(cause).contains("pooled text projection of 32 values").contains("flux-kontext").contains("fusion.mode text_encoder");
            assertThat(TopicReader.awaitValue(TestInfra.kafkaSettings(), Topics.failed(Topics.RENDERER), unpooled, WAIT).getReason())
                    .contains("pooled");
        }
    }

    private static TensorRef put(ObjectStore store, String key, FloatTensor tensor) {
        return store.putTensor(key, tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }

    private static ProducerRecord<String, byte[]> record(ConditioningProduced event) {
        return new ProducerRecord<>(Topics.CONDITIONING_PRODUCED.name(), event.getRequestId(), Topics.CONDITIONING_PRODUCED.serde().encode(event));
    }
}
