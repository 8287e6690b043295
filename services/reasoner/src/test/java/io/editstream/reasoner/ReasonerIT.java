package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TestServices;
import io.editstream.testing.TopicWriter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reasoner verticle against a real in-JVM broker and a real S3 endpoint: a stored source image gives
 * a GuidanceProduced whose tensor is in S3; a request whose image is missing is dead-lettered with its
 * cause and failed, and the request after it still completes.
 */
class ReasonerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = "reasoner-it";
    private static KafkaSettings kafka;
    private static ObjectStore store;
    private static Vertx vertx;
    private static ReasonerVerticle verticle;

    @BeforeAll
    static void start() {
        kafka = TestInfra.kafkaSettings();
        store = TestInfra.objectStore(BUCKET);
        verticle = new ReasonerVerticle();
        vertx = TestServices.deploy(verticle, TestServices.config(BUCKET));
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close().await();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void storedImageGivesGuidanceInS3AndAReadyService() {
        String id = "ok-" + UUID.randomUUID();
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, storeSource(id, 1)));

        GuidanceProduced out = TopicReader.awaitValue(kafka, Topics.GUIDANCE_PRODUCED, id, WAIT);

        assertThat(out.getRequestId()).isEqualTo(id);
        assertThat(out.getTenant()).isEqualTo("it");
        assertThat(out.getExplicitInstruction()).isNotBlank();
        assertThat(out.getReasoningConfidence()).isBetween(0.2f, 1f);
        assertThat(out.getGuidance().getShape()).containsExactly(8L, 64L);
        assertThat(out.getGuidance().getUri()).isEqualTo(store.uri(ObjectKeys.tensor(id, "reasoner")));
        FloatTensor guidance = FloatTensor.fromBytes(new long[] {8, 64}, store.getTensor(out.getGuidance()));
        assertThat(guidance.data()).hasSize(8 * 64);
        assertThat(out.getStage().getStage()).isEqualTo("reasoner");
        assertThat(out.getStage().getModelId()).isNotEmpty();
        assertThat(out.getStage().getModelMicros()).isPositive();
        assertThat(out.getStage().getReceivedAt()).isAfterOrEqualTo(out.getStage().getUpstreamAt());

        WebClient http = WebClient.create(vertx);
        try {
            assertThat(http.get(verticle.httpPort(), "localhost", "/health/ready").send().await().statusCode()).isEqualTo(200);
            assertThat(http.get(verticle.httpPort(), "localhost", "/metrics").send().await().bodyAsString())
                    .contains("editstream_stage_records");
        } finally {
            http.close();
        }
    }

    @Test
    void missingSourceIsDeadLetteredAndFailedWhileTheNextRequestCompletes() {
        String missing = "missing-" + UUID.randomUUID();
        ImageRef absent = ImageRef.newBuilder().setUri(store.uri(ObjectKeys.source(missing, "png")))
                .setSha256("0".repeat(64)).setSizeBytes(100).setWidth(64).setHeight(64).build();
        String next = "next-" + UUID.randomUUID();
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, missing, request(missing, absent));
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, next, request(next, storeSource(next, 2)));

        ConsumerRecord<String, byte[]> dead = TopicReader.readRaw(kafka, Topics.deadLetter("reasoner"),
                seen -> seen.stream().anyMatch(r -> missing.equals(r.key())), WAIT)
                .stream().filter(r -> missing.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicReader.header(dead, "dlq.cause")).contains(missing).contains("unusable");
        assertThat(TopicReader.header(dead, "dlq.error.class")).isEqualTo(RejectedInputException.class.getName());
        assertThat(TopicReader.header(dead, "dlq.stage")).isEqualTo("reasoner");
        assertThat(Topics.EDIT_REQUESTED.serde().decode(dead.value()).getRequestId()).isEqualTo(missing);

        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed("reasoner"), missing, WAIT);
        assertThat(failed.getStage()).isEqualTo("reasoner");
        assertThat(failed.getReason()).contains("unusable");

        assertThat(TopicReader.awaitValue(kafka, Topics.GUIDANCE_PRODUCED, next, WAIT).getGuidance().getShape()).containsExactly(8L, 64L);
    }

    private static EditRequested request(String id, ImageRef source) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        RequestContext context = RequestContext.newBuilder().setSource(source)
                .setInstruction("what would the red ball look like after a week in the sun")
                .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(now).build();
        return EditRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id).setTenant("it")
                .setOccurredAt(now).setContext(context).build();
    }

    private static ImageRef storeSource(String id, long seed) {
        return store.putImage(ObjectKeys.source(id, "png"), SampleImages.scenePng(64, 64, seed), "image/png", 64, 64);
    }

}
