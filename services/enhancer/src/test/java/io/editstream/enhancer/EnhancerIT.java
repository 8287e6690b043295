package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.EditFailed;
import io.editstream.events.TensorRef;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.Topics;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enhancer verticle on a real broker and S3 with the fixture fusion model and a 3 s window: a full pair
 * is fused, a lone guidance times out into an EditFailed, an undecodable record is dead-lettered.
 */
class EnhancerIT {
    private static final String BUCKET = "enhancer-it";

    @TempDir
    Path stateDir;

    @Test
    void joinsAPairFailsALoneHalfAndDeadLettersPoison() throws Exception {
        Vertx vertx = ServiceHttp.newVertx();
        try (ObjectStore store = TestInfra.objectStore(BUCKET)) {
            EnhancerVerticle verticle = new EnhancerVerticle();
            vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config(TestInfra.storageSettings(BUCKET))))
                    .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            assertThat(ready(verticle.httpPort())).isEqualTo(200);

            String pair = "pair-" + UUID.randomUUID();
            String lone = "lone-" + UUID.randomUUID();
            String poison = "poison-" + UUID.randomUUID();
            var guidance = TestEvents.guidance(pair, put(store, pair, "reasoner", TestEvents.random(8, 64, 3)));
            var cues = TestEvents.cues(pair, put(store, pair, "cue-extractor", TestEvents.random(67, 64, 4)));
            var alone = TestEvents.guidance(lone, put(store, lone, "reasoner", TestEvents.random(8, 64, 5)));
            long sent = System.nanoTime();
            try (var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.GUIDANCE_PRODUCED.name(), lone, Topics.GUIDANCE_PRODUCED.serde().encode(alone))).get();
                producer.send(new ProducerRecord<>(Topics.GUIDANCE_PRODUCED.name(), pair, Topics.GUIDANCE_PRODUCED.serde().encode(guidance))).get();
                producer.send(new ProducerRecord<>(Topics.CUES_EXTRACTED.name(), pair, Topics.CUES_EXTRACTED.serde().encode(cues))).get();
                producer.send(new ProducerRecord<>(Topics.CUES_EXTRACTED.name(), poison, "not avro".getBytes(StandardCharsets.UTF_8))).get();
            }

            var out = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.CONDITIONING_PRODUCED,
                    rs -> rs.stream().anyMatch(r -> r.key().equals(pair)), Duration.ofSeconds(20));
            ConditioningProduced fused = out.stream().filter(r -> r.key().equals(pair)).findFirst().orElseThrow().value();
            assertThat(fused.getConditioning().getShape()).containsExactly(16L, 64L);
            assertThat(store.getTensor(fused.getConditioning())).hasSize(16 * 64 * 4);
            assertThat(fused.getExplicitInstruction()).isEqualTo(TestEvents.EXPLICIT);

            var failed = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.failed(EnhancerEvents.STAGE),
                    rs -> rs.stream().map(ConsumerRecord::key).filter(k -> k.equals(lone) || k.equals(poison)).count() == 2,
                    Duration.ofSeconds(20));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("the window is 3 s").isLessThan(Duration.ofSeconds(15));
            assertThat(value(failed, lone).getReason()).isEqualTo("no cues from cue-extractor within 3 s");
            assertThat(value(failed, poison).getReason()).contains("cannot decode CuesExtracted");
            assertThat(failed).noneMatch(r -> r.key().equals(pair));
            assertThat(out).noneMatch(r -> r.key().equals(lone));

            var dead = TopicReader.readRaw(TestInfra.kafkaSettings(), Topics.deadLetter(EnhancerEvents.STAGE),
                    rs -> rs.stream().anyMatch(r -> poison.equals(r.key())), Duration.ofSeconds(20));
            var poisoned = dead.stream().filter(r -> poison.equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(poisoned.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(new String(poisoned.headers().lastHeader(FailureRecords.CAUSE).value(), StandardCharsets.UTF_8))
                    .contains("cannot decode CuesExtracted");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private JsonObject config(StorageSettings s3) {
        return new JsonObject().put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()))
                .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                        .put("secretKey", s3.secretKey()).put("bucket", BUCKET))
                .put("model", new JsonObject().put("device", "cpu"))
                .put("join", new JsonObject().put("windowMs", 3000))
                .put("streams", new JsonObject().put("stateDir", stateDir.toString()).put("applicationId", "enhancer-it"));
    }

    private static int ready(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static EditFailed value(java.util.List<ConsumerRecord<String, EditFailed>> records, String key) {
        return records.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().value();
    }

    private static TensorRef put(ObjectStore store, String id, String stage, FloatTensor tensor) {
        return store.putTensor(ObjectKeys.tensor(id, stage), tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }
}
