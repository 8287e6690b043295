package io.editstream.local;

import io.editstream.client.EditClient;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline through a real (in-JVM KRaft) broker and a real S3 endpoint (S3Proxy): HTTP in,
 * edited image in S3 and a scored event out; and a request whose image is missing from storage fails
 * with a reason while the others complete.
 */
class PipelineEndToEndIT {
    @TempDir
    static Path dataDir;
    static LocalStack stack;
    static EditClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0));
        client = new EditClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void editsGoFromHttpToAScoredImageInS3() throws Exception {
        List<Samples.Sample> samples = Samples.load(Samples.locate());
        List<String> ids = new ArrayList<>();
        for (Samples.Sample sample : samples) {
            EditClient.Submission s = client.submit(Files.readAllBytes(sample.image()), "scene.png",
                    sample.instruction(), Map.of("steps", "4", "seed", "7"));
            assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
            ids.add(s.id());
        }
        try (ObjectStore store = ObjectStore.connect(stack.storage())) {
            for (int i = 0; i < ids.size(); i++) {
                JsonObject status = client.awaitTerminal(ids.get(i), Duration.ofMinutes(3), s -> { });
                assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
                BufferedImage source = ImageIO.read(samples.get(i).image().toFile());
                byte[] stored = store.get(status.getString("output"));
                BufferedImage edited = ImageIO.read(new ByteArrayInputStream(stored));
                assertThat(edited.getWidth()).isEqualTo(source.getWidth());
                assertThat(edited.getHeight()).isEqualTo(source.getHeight());
                assertThat(client.image(ids.get(i), "image")).isEqualTo(stored);
            }
        }
        Set<String> wanted = Set.copyOf(ids);
        var scored = TopicReader.readUntil(stack.kafka(), Topics.EDIT_SCORED,
                records -> records.stream().map(r -> r.key()).collect(Collectors.toSet()).containsAll(wanted),
                Duration.ofSeconds(30));
        for (String id : ids) {
            List<EditScored> mine = scored.stream().filter(r -> r.key().equals(id)).map(r -> r.value()).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getScores()).containsKeys("clip_t", "l1_to_source");
            assertThat(mine.get(0).getCopyBaseline()).containsKey("clip_t");
        }
    }

    @Test
    void aRequestWhoseImageIsMissingFailsWithAReasonAndOthersComplete() throws Exception {
        String missingId = "missing-" + UUID.randomUUID();
        String uri = "s3://" + stack.storage().bucket() + "/requests/" + missingId + "/source.png";
        EditRequested orphan = EditRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setRequestId(missingId).setTenant("test")
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder()
                        .setSource(ImageRef.newBuilder().setUri(uri).setSha256("0".repeat(64)).setSizeBytes(100)
                                .setContentType("image/png").setWidth(64).setHeight(64).build())
                        .setInstruction("make the ball blue").setOptions(EditOptions.newBuilder().build())
                        .setSubmittedAt(Instant.now()).build())
                .build();
        Properties props = stack.kafka().base();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTED.name(), missingId,
                    Topics.EDIT_REQUESTED.serde().encode(orphan))).get();
            // and an undecodable record on the same topic: it must be dead-lettered, not stop the stages
            producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTED.name(), "garbage-" + UUID.randomUUID(),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        Samples.Sample sample = Samples.load(Samples.locate()).get(0);
        EditClient.Submission good = client.submit(Files.readAllBytes(sample.image()), "scene.png",
                sample.instruction(), Map.of("steps", "2"));
        assertThat(good.status()).isEqualTo(202);

        JsonObject failed = client.awaitTerminal(missingId, Duration.ofMinutes(2), s -> { });
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.encode()).contains("missing");
        JsonObject done = client.awaitTerminal(good.id(), Duration.ofMinutes(2), s -> { });
        assertThat(done.getString("state")).isEqualTo("SCORED");

        var dead = TopicReader.readRaw(stack.kafka(), Topics.deadLetter(Topics.REASONER),
                records -> records.stream().anyMatch(r -> r.key().equals(missingId))
                        && records.stream().anyMatch(r -> r.key().startsWith("garbage-")),
                Duration.ofSeconds(30));
        var orphanDlq = dead.stream().filter(r -> r.key().equals(missingId)).findFirst().orElseThrow();
        assertThat(new String(orphanDlq.headers().lastHeader("dlq.cause").value(), StandardCharsets.UTF_8))
                .contains(missingId);
    }
}
