package io.editstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The failure contract every stage service keeps, run against a real broker and S3 endpoint by each stage's
 * IT (a subclass says how to make its inputs):
 * <ul>
 *   <li>a valid input gives one output event naming the stage, and the service is ready and has metrics;</li>
 *   <li>an input whose image (or tensor) is missing from storage is dead-lettered with its cause, the request
 *   gets a failed status, and the next request still completes;</li>
 *   <li>an undecodable record is dead-lettered byte for byte, its request (the record key) gets a failed
 *   status, and the stage keeps consuming;</li>
 *   <li>an input naming an image (stored, readable) under another tenant's prefix is refused the same way, the
 *   reason naming the URI and the input's tenant.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StageContract<O extends SpecificRecord> {
    protected static final Duration WAIT = Duration.ofSeconds(60);

    private final Supplier<? extends ServiceVerticle> factory;
    private final Topic<?> input;
    private final Topic<O> output;
    protected KafkaSettings kafka;
    protected ObjectStore store;
    private Vertx vertx;
    private ServiceVerticle verticle;

    /**
     * {@code factory} makes the service under test; {@code input} is the topic (one of its inputs) the poison
     * record is put on, {@code output} the topic it writes its results to.
     */
    protected StageContract(Supplier<? extends ServiceVerticle> factory, Topic<?> input, Topic<O> output) {
        this.factory = factory;
        this.input = input;
        this.output = output;
    }

    /** Publishes everything the stage needs for request {@code id}, its objects stored. */
    protected abstract void publishValid(String id);

    /** Publishes the inputs of request {@code id} with one object they name absent from storage. */
    protected abstract void publishWithMissingObject(String id);

    /**
     * Publishes the inputs of request {@code id} with one image stored under {@link #OTHER_TENANT}'s prefix (a
     * producer on Kafka pointing at another tenant's object); returns that image's URI.
     */
    protected abstract String publishWithForeignObject(String id);

    /** The tenant whose prefix {@link #publishWithForeignObject} stores its image under. */
    protected static final String OTHER_TENANT = "intruded";

    /** The stage's own checks of a valid request's output. */
    protected void checkOutput(String id, O output) {
    }

    /** The tenant of the inputs {@link #publishValid} writes. */
    protected String tenant() {
        return "it";
    }

    /** The service's config: {@link TestServices#config} unless the stage needs more. */
    protected JsonObject config(String bucket) {
        return TestServices.config(bucket);
    }

    /** A metric the stage's /metrics must show once it has processed a record. */
    protected String metricName() {
        return "editstream_stage_records";
    }

    @BeforeAll
    void deploy() {
        verticle = factory.get();
        // a bucket per stage, so that no two ITs share objects
        String bucket = service() + "-contract";
        kafka = TestInfra.kafkaSettings();
        store = TestInfra.objectStore(bucket);
        vertx = TestServices.deploy(verticle, config(bucket));
    }

    @AfterAll
    void undeploy() {
        if (vertx != null) {
            vertx.close().await();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aValidInputGivesOneOutputNamingTheStageAndAReadyService() {
        String id = "ok-" + UUID.randomUUID();
        publishValid(id);

        O out = TopicReader.awaitValue(kafka, output, id, WAIT);

        SpecificRecordBase record = (SpecificRecordBase) out;
        assertThat(record.get("requestId").toString()).isEqualTo(id);
        assertThat(record.get("tenant").toString()).as("the input's tenant is carried").isEqualTo(tenant());
        StageInfo stage = (StageInfo) record.get("stage");
        assertThat(stage.getStage()).isEqualTo(service());
        assertThat(stage.getModelId()).isNotEmpty();
        assertThat(stage.getReceivedAt()).isAfterOrEqualTo(stage.getUpstreamAt());
        checkOutput(id, out);

        WebClient http = WebClient.create(vertx);
        try {
            assertThat(http.get(verticle.httpPort(), "localhost", "/health/ready").send().await().statusCode()).isEqualTo(200);
            assertThat(http.get(verticle.httpPort(), "localhost", "/metrics").send().await().bodyAsString()).contains(metricName());
        } finally {
            http.close();
        }
    }

    @Test
    void aMissingObjectIsDeadLetteredAndFailedWhileTheNextRequestCompletes() {
        String missing = "missing-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        publishWithMissingObject(missing);
        publishValid(next);

        ConsumerRecord<String, byte[]> dead = deadLetter(missing);
        assertThat(TopicReader.header(dead, FailureRecords.CAUSE)).contains(missing);
        assertThat(TopicReader.header(dead, FailureRecords.ERROR_CLASS)).isEqualTo(RejectedInputException.class.getName());
        assertThat(TopicReader.header(dead, FailureRecords.STAGE)).isEqualTo(service());
        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed(service()), missing, WAIT);
        assertThat(failed.getStage()).isEqualTo(service());
        assertThat(failed.getReason()).contains(missing);

        assertThat(TopicReader.awaitValue(kafka, output, next, WAIT)).isNotNull();
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAsReadAndTheStageGoesOn() {
        String poisoned = "poison-" + UUID.randomUUID();
        byte[] poison = ("not avro " + poisoned).getBytes(StandardCharsets.UTF_8);
        String next = "after-poison-" + UUID.randomUUID();
        TopicWriter.publishRaw(kafka, input.name(), poisoned, poison);
        publishValid(next);

        ConsumerRecord<String, byte[]> dead = deadLetter(poisoned);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(TopicReader.header(dead, FailureRecords.CAUSE)).contains("cannot decode");
        assertThat(TopicReader.header(dead, FailureRecords.SOURCE_TOPIC)).isEqualTo(input.name());
        assertThat(TopicReader.header(dead, FailureRecords.STAGE)).isEqualTo(service());
        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed(service()), poisoned, WAIT);
        assertThat(failed.getReason()).contains("cannot decode");

        assertThat(TopicReader.awaitValue(kafka, output, next, WAIT)).isNotNull();
    }

    @Test
    void anImageOutsideTheTenantsPrefixIsDeadLetteredAndFailedWithTheReason() {
        String foreign = "foreign-" + UUID.randomUUID();
        String uri = publishWithForeignObject(foreign);

        ConsumerRecord<String, byte[]> dead = deadLetter(foreign);
        assertThat(TopicReader.header(dead, FailureRecords.CAUSE)).contains(uri).contains("'" + tenant() + "'");
        assertThat(TopicReader.header(dead, FailureRecords.ERROR_CLASS)).isEqualTo(RejectedInputException.class.getName());
        EditFailed failed = TopicReader.awaitValue(kafka, Topics.failed(service()), foreign, WAIT);
        assertThat(failed.getStage()).isEqualTo(service());
        assertThat(failed.getTenant()).isEqualTo(tenant());
        assertThat(failed.getReason()).contains(uri).contains("outside tenant '" + tenant() + "'");
    }

    /** A 64×64 table-top scene stored under {@code key}. */
    protected ImageRef storeScene(String key, long seed) {
        return store.putImage(key, SampleImages.scenePng(64, 64, seed), "image/png", 64, 64);
    }

    /** A claim-check for an image that was never stored under {@code key}. */
    protected ImageRef absentImage(String key) {
        return ImageRef.newBuilder().setUri(store.uri(key)).setSha256("0".repeat(64)).setSizeBytes(100)
                .setWidth(64).setHeight(64).build();
    }

    /** A request of tenant "it" as the gateway publishes it. */
    protected static EditRequested request(String id, ImageRef source, String instruction) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        RequestContext context = RequestContext.newBuilder().setSource(source).setInstruction(instruction)
                .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(now).build();
        return EditRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id).setTenant("it")
                .setOccurredAt(now).setContext(context).build();
    }

    /** The port the service under test serves health and metrics on. */
    protected final int httpPort() {
        return verticle.httpPort();
    }

    /** The service's name, which names its topics and is in every event's StageInfo. */
    protected final String service() {
        return verticle.service();
    }

    private ConsumerRecord<String, byte[]> deadLetter(String key) {
        return TopicReader.readRaw(kafka, Topics.deadLetter(service()), seen -> seen.stream().anyMatch(r -> key.equals(r.key())), WAIT)
                .stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }
}
