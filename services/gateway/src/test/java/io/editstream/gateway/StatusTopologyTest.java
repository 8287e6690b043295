package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditStatus;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production status topology on TopologyTestDriver: events from every topic fold into one status. */
class StatusTopologyTest {
    private TopologyTestDriver driver;
    private final List<EditStatus> pushed = new ArrayList<>();

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        driver = new TopologyTestDriver(StatusTopology.build((id, status) -> pushed.add(status)), props);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        TestInputTopic<String, byte[]> input = driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
        input.pipeInput(key, topic.serde().encode(value));
    }

    private JsonObject status(String id) {
        KeyValueStore<String, EditStatus> store = driver.getKeyValueStore(StatusTopology.STORE);
        EditStatus status = store.get(id);
        return status == null ? null : StatusJson.render(status);
    }

    @Test
    void eventsFromEveryStageFoldIntoTheStatus() {
        send(Topics.EDIT_REQUESTED, "a", Events.requested("a"));
        assertThat(status("a").getString("state")).isEqualTo("QUEUED");
        send(Topics.GUIDANCE_PRODUCED, "a", Events.guidance("a"));
        send(Topics.IMAGE_RENDERED, "a", Events.rendered("a"));
        assertThat(status("a").getString("state")).isEqualTo("RENDERED");
        send(Topics.EDIT_SCORED, "a", Events.scored("a"));
        JsonObject done = status("a");
        assertThat(done.getString("state")).isEqualTo("SCORED");
        assertThat(done.getJsonObject("scores").getDouble("clip_t")).isEqualTo(0.3);
        assertThat(status("unknown")).isNull();
        // every fold was pushed to the listener, in order, after it was stored
        assertThat(pushed).extracting(p -> p.getState().name()).containsExactly("QUEUED", "RUNNING", "RENDERED", "SCORED");
        assertThat(pushed).extracting(EditStatus::getRevision).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void failuresFromAnyStageEndTheRequestAndPoisonIsSkipped() {
        send(Topics.EDIT_REQUESTED, "b", Events.requested("b"));
        driver.createInputTopic(Topics.GUIDANCE_PRODUCED.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("b", "garbage".getBytes());
        send(Topics.failed(Topics.RENDERER), "b", Events.failed("b", "diffusion-renderer", "source image missing"));
        JsonObject status = status("b");
        assertThat(status.getString("state")).isEqualTo("FAILED");
        assertThat(status.getJsonObject("failure").getString("reason")).isEqualTo("source image missing");
        // the view is still alive after the poison record
        send(Topics.EDIT_REQUESTED, "c", Events.requested("c"));
        assertThat(status("c").getString("state")).isEqualTo("QUEUED");
    }

    @Test
    void everyStagesFailedTopicFeedsTheViewAndOrderDoesNotMatter() {
        for (String stage : Topics.STAGES) {
            String id = "f-" + stage;
            send(Topics.failed(stage), id, Events.failed(id, stage, stage + " broke"));
            send(Topics.EDIT_REQUESTED, id, Events.requested(id));   // late: must not reopen the request
            JsonObject status = status(id);
            assertThat(status.getString("state")).as(stage).isEqualTo("FAILED");
            assertThat(status.getJsonObject("failure").getString("stage")).isEqualTo(stage);
            assertThat(status.getString("instruction")).isEqualTo("what if the ball fell?");
        }
    }
}
