package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditOptions;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.RatingSubmitted;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production benchmark topology on TopologyTestDriver: tagged scores and ratings fold per run and request. */
class BenchmarkTopologyTest {
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> scored;
    private TestInputTopic<String, byte[]> ratings;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "benchmark-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(BenchmarkTopology.build(), props);
        scored = driver.createInputTopic(Topics.EDIT_SCORED.name(), new StringSerializer(), new ByteArraySerializer());
        ratings = driver.createInputTopic(Topics.RATING_SUBMITTED.name(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static EditScored scored(String id, BenchmarkTag tag, long seed, double latent) {
        ImageRef image = ImageRef.newBuilder().setUri("s3://b/" + id + ".png").setSha256("0").setSizeBytes(1).setWidth(8).setHeight(8).build();
        return EditScored.newBuilder().setEventId("e-" + id).setRequestId(id).setOccurredAt(Instant.EPOCH)
                .setContext(RequestContext.newBuilder().setSource(image).setInstruction("what if it rolled?")
                        .setOptions(EditOptions.newBuilder().setSeed(seed).build()).setSubmittedAt(Instant.EPOCH).setBenchmark(tag).build())
                .setStage(StageInfo.newBuilder().setStage("scorer").setReceivedAt(Instant.EPOCH).setUpstreamAt(Instant.EPOCH).build())
                .setExplicitInstruction("move the ball").setReasoningType(ReasoningType.PHYSICAL).setOutput(image)
                .setScores(Map.of("l1", 0.25, "source_latent_l2", latent)).setCopyBaseline(Map.of("l1", 0.5)).build();
    }

    static BenchmarkTag tag(String run, String item, String variant) {
        return BenchmarkTag.newBuilder().setRun(run).setItem(item).setTask("kubric").setCategory("PHYSICAL").setVariant(variant)
                .setTargetText("Move the ball").build();
    }

    static RatingSubmitted rating(String run, String id, String rater, int score) {
        return RatingSubmitted.newBuilder().setEventId(rater + id).setRequestId(id).setOccurredAt(Instant.EPOCH).setRun(run)
                .setRater(rater).setScore(score).build();
    }

    private List<JsonObject> entries(String run) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(BenchmarkTopology.STORE);
        List<JsonObject> out = new ArrayList<>();
        try (var it = store.prefixScan(run + "/", new StringSerializer())) {
            it.forEachRemaining(kv -> out.add(new JsonObject(kv.value)));
        }
        return out;
    }

    @Test
    void taggedScoresAndRatingsFoldIntoOneEntryPerRequestOfTheirRun() {
        scored.pipeInput("q1", Topics.EDIT_SCORED.serde().encode(scored("q1", tag("run1", "7", "edit"), 3, 5.0)));
        scored.pipeInput("q2", Topics.EDIT_SCORED.serde().encode(scored("q2", tag("run1", "7", "no_change"), 3, 2.0)));
        scored.pipeInput("q3", Topics.EDIT_SCORED.serde().encode(scored("q3", tag("run10", "7", "edit"), 3, 1.0)));
        scored.pipeInput("q4", Topics.EDIT_SCORED.serde().encode(scored("q4", null, 3, 1.0)));   // not a benchmark item
        scored.pipeInput("q5", new byte[] {1, 2, 3});                                            // unreadable: skipped
        ratings.pipeInput("q1", Topics.RATING_SUBMITTED.serde().encode(rating("run1", "q1", "ann", 50)));
        ratings.pipeInput("q1", Topics.RATING_SUBMITTED.serde().encode(rating("run1", "q1", "ann", 100)));   // replaces
        ratings.pipeInput("q1", Topics.RATING_SUBMITTED.serde().encode(rating("run1", "q1", "bob", 0)));

        List<JsonObject> run1 = entries("run1");
        assertThat(run1).extracting(e -> e.getString("requestId")).containsExactlyInAnyOrder("q1", "q2");
        JsonObject q1 = run1.stream().filter(e -> e.getString("requestId").equals("q1")).findFirst().orElseThrow();
        assertThat(q1.getString("item")).isEqualTo("7");
        assertThat(q1.getLong("seed")).isEqualTo(3L);
        assertThat(q1.getJsonObject("ratings").getMap()).containsOnly(Map.entry("ann", 100), Map.entry("bob", 0));
        assertThat(entries("run10")).hasSize(1);

        JsonObject summary = BenchmarkSummary.summarize("run1", run1);
        JsonObject task = summary.getJsonObject("models").getJsonObject("").getJsonObject("tasks").getJsonObject("kubric");
        assertThat(task.getJsonObject("discEdit").getDouble("mean")).isEqualTo(1.0);   // 2.0 < 5.0
        assertThat(task.getJsonObject("exactMatch").getDouble("mean")).isEqualTo(1.0);
        assertThat(task.getJsonObject("human").getDouble("mean")).isEqualTo(50.0);
        assertThat(summary.getJsonObject("human").getInteger("ratings")).isEqualTo(2);
    }

    @Test
    void aReplayedScoreChangesNothing() {
        byte[] event = Topics.EDIT_SCORED.serde().encode(scored("q1", tag("r", "1", "edit"), 0, 5.0));
        scored.pipeInput("q1", event);
        String once = entries("r").toString();
        scored.pipeInput("q1", event);
        assertThat(entries("r").toString()).isEqualTo(once);
    }
}
