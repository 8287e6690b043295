package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.EditOptions;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.editstream.testing.TestServices;
import io.editstream.testing.TopicWriter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer verticle against a real in-JVM broker and a real S3 endpoint: a rendered image with its
 * source and reference in S3 gives an EditScored with output and copy-baseline scores; a rendering whose
 * output image is missing is dead-lettered with its cause and failed, and the one after it is still scored.
 */
class ScorerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = "scorer-it";
    private static KafkaSettings kafka;
    private static ObjectStore store;
    private static Vertx vertx;
    private static ScorerVerticle verticle;

    @BeforeAll
    static void start() {
        kafka = TestInfra.kafkaSettings();
        store = TestInfra.objectStore(BUCKET);
        verticle = new ScorerVerticle();
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
    void renderedImageIsScoredAgainstSourceReferenceAndTheCopyBaseline() {
        String id = "ok-" + UUID.randomUUID();
        ImageRef source = put(ObjectKeys.source(id, "png"), Color.RED);
        ImageRef reference = put(ObjectKeys.reference(id, "png"), Color.GREEN);
        ImageRef output = put(ObjectKeys.result(id), Color.GREEN);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, id, rendered(id, source, output, reference));

        EditScored out = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, id, WAIT);

        assertThat(out.getRequestId()).isEqualTo(id);
        assertThat(out.getTenant()).isEqualTo("it");
        assertThat(out.getOutput()).isEqualTo(output);
        assertThat(out.getExplicitInstruction()).isEqualTo("paint the red ball green");
        assertThat(out.getScores()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t", "l1", "l2", "clip_i");
        assertThat(out.getScores().get("l1")).isZero();
        assertThat(out.getScores().get("l1_to_source")).isPositive();
        assertThat(out.getCopyBaseline().get("l1_to_source")).isZero();
        assertThat(out.getCopyBaseline().get("l1")).isEqualTo(out.getScores().get("l1_to_source"));
        assertThat(out.getStage().getStage()).isEqualTo("scorer");
        assertThat(out.getStage().getModelId()).isNotEmpty();
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
    void missingOutputIsDeadLetteredAndFailedWhileTheNextRenderingIsScored() {
        String missing = "missing-" + UUID.randomUUID();
        ImageRef absent = ImageRef.newBuilder().setUri(store.uri(ObjectKeys.result(missing)))
                .setSha256("0".repeat(64)).setSizeBytes(100).setWidth(64).setHeight(64).build();
        String next = "next-" + UUID.randomUUID();
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, missing,
                rendered(missing, put(ObjectKeys.source(missing, "png"), Color.RED), absent, null));
        ImageRendered withLatent = rendered(next, put(ObjectKeys.source(next, "png"), Color.RED), put(ObjectKeys.result(next), Color.BLUE), null);
        withLatent.setSourceLatentL2(12.5);
        TopicWriter.publish(kafka, Topics.IMAGE_RENDERED, next, withLatent);

        ConsumerRecord<String, byte[]> dead = TopicReader.readRaw(kafka, Topics.deadLetter("scorer"),
                seen -> seen.stream().anyMatch(r -> missing.equals(r.key())), WAIT)
                .stream().filter(r -> missing.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicReader.header(dead, "dlq.cause")).contains(missing).contains("output image");
        assertThat(TopicReader.header(dead, "dlq.error.class")).isEqualTo(RejectedInputException.class.getName());
        assertThat(TopicReader.header(dead, "dlq.stage")).isEqualTo("scorer");
        assertThat(Topics.IMAGE_RENDERED.serde().decode(dead.value()).getRequestId()).isEqualTo(missing);

        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed("scorer"), missing, WAIT);
        assertThat(failed.getStage()).isEqualTo("scorer");
        assertThat(failed.getReason()).contains("unusable");

        // the renderer's latent distance (DiscEdit) is carried into the scores, not into the copy baseline
        EditScored scored = TopicReader.awaitValue(kafka, Topics.EDIT_SCORED, next, WAIT);
        assertThat(scored.getScores()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t", ScorerHandler.SOURCE_LATENT_L2);
        assertThat(scored.getScores().get(ScorerHandler.SOURCE_LATENT_L2)).isEqualTo(12.5);
        assertThat(scored.getCopyBaseline()).doesNotContainKey(ScorerHandler.SOURCE_LATENT_L2);
    }

    private static ImageRendered rendered(String id, ImageRef source, ImageRef output, ImageRef reference) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        RequestContext context = RequestContext.newBuilder().setSource(source).setInstruction("make the ball look ripe")
                .setOptions(EditOptions.newBuilder().build()).setReference(reference).setSubmittedAt(now).build();
        StageInfo stage = StageInfo.newBuilder().setStage("diffusion-renderer").setReceivedAt(now).setUpstreamAt(now).build();
        return ImageRendered.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id).setTenant("it")
                .setOccurredAt(now).setContext(context).setStage(stage)
                .setExplicitInstruction("paint the red ball green").setReasoningType(ReasoningType.PHYSICAL)
                .setOutput(output).setSampler("euler_ancestral").build();
    }

    private static ImageRef put(String key, Color ball) {
        return store.putImage(key, ImageTensors.encodePng(ScorerTest.scene(ball)), "image/png", 64, 64);
    }

}
