package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.TensorRef;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.FloatTensor;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enhancer service in text-encoder mode on a real broker and S3, pointed at the Optimum fixture: a joined
 * request's conditioning is the explicit instruction's CLIP hidden states [77, 32], marked TEXT_ENCODER.
 */
class TextEncoderModeIT {
    private static final String BUCKET = "enhancer-text-it";

    @TempDir
    Path stateDir;

    @Test
    void writesTheInstructionsHiddenStatesAsConditioning() throws Exception {
        run(new JsonObject().put("fusion", new JsonObject().put("mode", "text_encoder")), "enhancer-text-it", true);
    }

    /** REASONER_OPENAI_URL set for the enhancer too: fusion.mode auto pairs it, and guidance without tokens is fused. */
    @Test
    void pairsItselfWithTheOpenAiReasonerBackendAndNeedsNoGuidanceTokens() throws Exception {
        run(new JsonObject().put("reasoner", new JsonObject().put("openai", new JsonObject().put("url", "http://vlm.invalid:8000/v1"))),
                "enhancer-text-paired-it", false);
    }

    private void run(JsonObject mode, String applicationId, boolean withGuidanceTokens) throws Exception {
        Vertx vertx = ServiceHttp.newVertx();
        try (ObjectStore store = TestInfra.objectStore(BUCKET)) {
            JsonObject config = config(TestInfra.storageSettings(BUCKET), applicationId).mergeIn(mode);
            vertx.deployVerticle(new EnhancerVerticle(), new DeploymentOptions().setConfig(config))
                    .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            String id = "text-" + UUID.randomUUID();
            var guidance = TestEvents.guidance(id, withGuidanceTokens ? put(store, id, "reasoner", TestEvents.random(8, 64, 3)) : null);
            var cues = TestEvents.cues(id, put(store, id, "cue-extractor", TestEvents.random(67, 64, 4)));
            try (var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.GUIDANCE_PRODUCED.name(), id, Topics.GUIDANCE_PRODUCED.serde().encode(guidance))).get();
                producer.send(new ProducerRecord<>(Topics.CUES_EXTRACTED.name(), id, Topics.CUES_EXTRACTED.serde().encode(cues))).get();
            }
            var out = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.CONDITIONING_PRODUCED,
                    rs -> rs.stream().anyMatch(r -> r.key().equals(id) && r.value().getMode() == FusionMode.TEXT_ENCODER),
                    Duration.ofSeconds(30));
            ConditioningProduced produced = out.stream().filter(r -> r.key().equals(id) && r.value().getMode() == FusionMode.TEXT_ENCODER)
                    .findFirst().orElseThrow().value();
            assertThat(produced.getConditioning().getShape()).containsExactly(77L, 32L);
            assertThat(produced.getStage().getModelId()).isEqualTo("instruct-pix2pix-tiny");
            assertThat(store.getTensor(produced.getConditioning())).hasSize(77 * 32 * 4);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private JsonObject config(StorageSettings s3, String applicationId) {
        return new JsonObject().put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()))
                .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                        .put("secretKey", s3.secretKey()).put("bucket", BUCKET))
                .put("model", new JsonObject().put("device", "cpu").put("bundle", Bundles.locate("instruct-pix2pix-tiny").toString()))
                .put("streams", new JsonObject().put("stateDir", stateDir.resolve(applicationId).toString()).put("applicationId", applicationId));
    }

    private static TensorRef put(ObjectStore store, String id, String stage, FloatTensor tensor) {
        return store.putTensor(ObjectKeys.tensor("acme", id, stage), tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }
}
