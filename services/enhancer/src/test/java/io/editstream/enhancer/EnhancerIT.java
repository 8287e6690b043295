package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enhancer on a real broker and S3 with the fixture fusion model: a full pair joins, a lone half times out. */
class EnhancerIT {
    private static final String BUCKET = "enhancer-it";

    @TempDir
    Path stateDir;

    @Test
    void theOnnxFuserFusesStoredTensorsDeterministically() throws Exception {
        try (ObjectStore store = TestInfra.objectStore(BUCKET);
             OnnxFuser fuser = new OnnxFuser(ModelBundle.load(Bundles.locate("enhancer")), Device.CPU, store)) {
            String id = "fuse-" + UUID.randomUUID();
            GuidanceProduced g = EnhancerTopologyTest.guidance(id);
            g.setGuidance(tensor(store, id, "reasoner", 8, 1));
            CuesExtracted c = EnhancerTopologyTest.cues(id);
            c.setCues(tensor(store, id, "cue-extractor", 70, 2));
            Fuser.Fused first = fuser.fuse(g, c);
            Fuser.Fused second = fuser.fuse(g, c);
            assertThat(first.conditioning().getShape()).containsExactly(16L, 64L);
            assertThat(first.conditioning().getSha256()).isEqualTo(second.conditioning().getSha256());
            FloatTensor stored = FloatTensor.fromBytes(new long[] {16, 64}, store.getTensor(first.conditioning()));
            for (float v : stored.data()) {
                assertThat(v).isFinite();
            }
            assertThat(stored.data()).contains(stored.data()[0]).isNotEqualTo(new float[16 * 64]);
            c.setCues(EnhancerTopologyTest.tensor(store.uri("tensors/" + id + "/gone.bin"), 70, 64));
            assertThatThrownBy(() -> fuser.fuse(g, c)).isInstanceOf(RejectedInputException.class).hasMessageContaining("gone.bin");
        }
    }

    @Test
    void joinsAPairAndFailsALoneHalfAfterTheWindow() throws Exception {
        Vertx vertx = ServiceHttp.newVertx();
        try (ObjectStore store = TestInfra.objectStore(BUCKET)) {
            var s3 = TestInfra.storageSettings(BUCKET);
            JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 0))
                    .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()))
                    .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                            .put("secretKey", s3.secretKey()).put("bucket", BUCKET))
                    .put("model", new JsonObject().put("device", "cpu"))
                    .put("join", new JsonObject().put("windowMs", 3000))
                    .put("streams", new JsonObject().put("stateDir", stateDir.toString()).put("applicationId", "enhancer-it"));
            vertx.deployVerticle(new EnhancerVerticle(), new DeploymentOptions().setConfig(config))
                    .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);

            String pair = "pair-" + UUID.randomUUID();
            String lone = "lone-" + UUID.randomUUID();
            GuidanceProduced g = EnhancerTopologyTest.guidance(pair);
            g.setGuidance(tensor(store, pair, "reasoner", 8, 3));
            CuesExtracted c = EnhancerTopologyTest.cues(pair);
            c.setCues(tensor(store, pair, "cue-extractor", 67, 4));
            GuidanceProduced alone = EnhancerTopologyTest.guidance(lone);
            alone.setGuidance(tensor(store, lone, "reasoner", 8, 5));
            try (var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.GUIDANCE_PRODUCED.name(), lone, Topics.GUIDANCE_PRODUCED.serde().encode(alone))).get();
                producer.send(new ProducerRecord<>(Topics.GUIDANCE_PRODUCED.name(), pair, Topics.GUIDANCE_PRODUCED.serde().encode(g))).get();
                producer.send(new ProducerRecord<>(Topics.CUES_EXTRACTED.name(), pair, Topics.CUES_EXTRACTED.serde().encode(c))).get();
            }
            var out = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.CONDITIONING_PRODUCED,
                    rs -> rs.stream().anyMatch(r -> r.key().equals(pair)), Duration.ofSeconds(30));
            ConditioningProduced fused = out.stream().filter(r -> r.key().equals(pair)).findFirst().orElseThrow().value();
            assertThat(fused.getConditioning().getShape()).containsExactly(16L, 64L);
            assertThat(store.getTensor(fused.getConditioning())).hasSize(16 * 64 * 4);
            var failed = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.failed(Topics.ENHANCER),
                    rs -> rs.stream().anyMatch(r -> r.key().equals(lone)), Duration.ofSeconds(30));
            assertThat(failed.stream().filter(r -> r.key().equals(lone)).findFirst().orElseThrow().value().getReason())
                    .contains("no cues from cue-extractor within 3 s");
            assertThat(out).noneMatch(r -> r.key().equals(lone));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static TensorRef tensor(ObjectStore store, String id, String stage, int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return store.putTensor(ObjectKeys.tensor(id, stage), new FloatTensor(new long[] {rows, 64}, values).toBytes(),
                new long[] {rows, 64}, DType.FLOAT32);
    }
}
