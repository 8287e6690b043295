package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.SchemaRegistry;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.Closing;
import io.editstream.testing.SchemaRegistryStandIn;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the Confluent wire format, with {@code kafka.schemaRegistry.url} pointing at a stand-in for
 * a Confluent-compatible registry (its REST API, with BACKWARD checked by Avro's compatibility rules): every service
 * registers the topics it writes at start, every event of a request carries magic byte 0 and its subject's schema id,
 * and a producer still on the single-object encoding is read all the same (a migration in progress).
 */
class SchemaRegistryIT {
    static final List<Topic<?>> PIPELINE = List.of(Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED, Topics.CUES_EXTRACTED,
            Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED);

    @TempDir
    static Path dataDir;
    static SchemaRegistryStandIn registry;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        registry = new SchemaRegistryStandIn();
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0).withStageConfig(new JsonObject()
                .put("kafka", new JsonObject().put("schemaRegistry", new JsonObject().put("url", registry.url())))));
    }

    @AfterAll
    static void stop() {
        Closing.all(stack, registry);
    }

    @Test
    void everyServiceRegistersItsTopicsBackwardAndEveryEventCarriesTheConfluentFrame() throws Exception {
        for (Topic<?> topic : PIPELINE) {
            String subject = SchemaRegistry.subject(topic.name());
            assertThat(registry.subjects()).as("registered at start").containsKey(subject);
            assertThat(registry.compatibility(subject)).isEqualTo("BACKWARD");
        }
        Topics.STAGES.stream().filter(s -> !s.equals(Topics.GATEWAY))
                .forEach(s -> assertThat(registry.subjects()).containsKey(SchemaRegistry.subject(Topics.failed(s).name())));

        EditClient client = new EditClient(stack.gatewayUrl());
        EditClient.Submission s = SampleRequests.submit(client, 0, Map.of("steps", "2", "seed", "3"));
        assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
        JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(3), st -> { });
        assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");

        for (Topic<?> topic : PIPELINE) {
            byte[] value = rawValue(topic, s.id());
            assertThat(value[0]).as(topic.name() + ": magic byte").isZero();
            assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).as(topic.name() + ": schema id")
                    .isEqualTo(registry.subjects().get(SchemaRegistry.subject(topic.name())).get(0));
        }
    }

    @Test
    void aProducerStillOnTheSingleObjectEncodingIsReadDuringTheMigration() throws Exception {
        Samples.Sample sample = Samples.load(Samples.locate()).get(1);
        byte[] image = Files.readAllBytes(sample.image());
        BufferedImage decoded = ImageIO.read(sample.image().toFile());
        String id = "legacy-" + UUID.randomUUID();
        ImageRef source;
        try (ObjectStore store = ObjectStore.connect(stack.storage())) {
            source = store.putImage(ObjectKeys.source("default", id, "png"), image, "image/png", decoded.getWidth(), decoded.getHeight());
        }
        EditRequested request = EditRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id)
                .setTenant("default").setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(source).setInstruction(sample.instruction())
                        .setOptions(EditOptions.newBuilder().setSteps(2).build()).setSubmittedAt(Instant.now()).build())
                .build();
        byte[] legacy = new AvroSerde<>(EditRequested.class).encode(request);   // a producer not yet on the registry
        assertThat(legacy[0]).isEqualTo((byte) 0xC3);
        try (var producer = new KafkaProducer<>(stack.kafka().base(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTED.name(), id, legacy)).get();
        }

        EditScored scored = TopicReader.awaitValue(stack.kafka(), Topics.EDIT_SCORED, id, Duration.ofMinutes(3));
        assertThat(scored.getScores()).isNotEmpty();
        assertThat(rawValue(Topics.GUIDANCE_PRODUCED, id)[0]).as("the stages answer in the registry's format").isZero();
    }

    private static byte[] rawValue(Topic<?> topic, String key) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readRaw(stack.kafka(), topic.name(),
                seen -> seen.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(60));
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow().value();
    }
}
