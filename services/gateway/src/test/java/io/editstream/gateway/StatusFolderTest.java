package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class StatusFolderTest {
    private static JsonObject fold(String id, List<SpecificRecord> events) {
        JsonObject status = null;
        for (SpecificRecord e : events) {
            status = StatusFolder.apply(id, status, StatusFolder.delta(e));
        }
        return status;
    }

    @Test
    void aRequestMovesThroughItsStates() {
        String id = "r1";
        assertThat(fold(id, List.of(Events.requested(id))).getString("state")).isEqualTo("QUEUED");
        JsonObject running = fold(id, List.of(Events.requested(id), Events.guidance(id)));
        assertThat(running.getString("state")).isEqualTo("RUNNING");
        assertThat(running.getString("explicitInstruction")).isEqualTo("move the ball to the floor");
        assertThat(running.getString("reasoningType")).isEqualTo("PHYSICAL");
        JsonObject reasoner = running.getJsonObject("stages").getJsonObject("reasoner");
        assertThat(reasoner.getBoolean("done")).isTrue();
        assertThat(reasoner.getDouble("modelMs")).isEqualTo(5.0);
        assertThat(reasoner.getLong("processingMs")).isEqualTo(100L);   // received at 2000, produced at 2100
        assertThat(reasoner.getString("at")).isEqualTo("1970-01-01T00:00:02.100Z");
        assertThat(running.getJsonObject("stages").containsKey("scorer")).isFalse();
        JsonObject scored = fold(id, List.of(Events.requested(id), Events.guidance(id), Events.rendered(id), Events.scored(id)));
        assertThat(scored.getString("state")).isEqualTo("SCORED");
        assertThat(scored.getString("output")).isEqualTo("s3://b/results/r1/edited.png");
        assertThat(scored.getJsonObject("scores").getDouble("clip_t")).isEqualTo(0.3);
        assertThat(scored.getJsonObject("copyBaseline").getDouble("clip_t")).isEqualTo(0.2);
        assertThat(scored.getString("instruction")).isEqualTo("what if the ball fell?");
    }

    @Test
    void outOfOrderEventsNeverMoveTheStateBackwards() {
        String id = "r2";
        JsonObject status = fold(id, List.of(Events.scored(id), Events.guidance(id), Events.requested(id), Events.rendered(id)));
        assertThat(status.getString("state")).isEqualTo("SCORED");
        assertThat(status.getString("explicitInstruction")).isNotNull();
        assertThat(status.getJsonObject("stages").fieldNames()).contains("reasoner", "scorer", "diffusion-renderer");
    }

    @Test
    void theFirstTerminalStateWins() {
        String id = "r3";
        JsonObject failed = fold(id, List.of(Events.requested(id), Events.failed(id, "enhancer", "no cues within 60 s"),
                Events.scored(id)));
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getJsonObject("failure").getString("stage")).isEqualTo("enhancer");
        assertThat(failed.getJsonObject("failure").getString("reason")).contains("no cues");
        JsonObject scored = fold(id, List.of(Events.scored(id), Events.failed(id, "scorer", "late")));
        assertThat(scored.getString("state")).isEqualTo("SCORED");
        assertThat(scored.containsKey("failure")).isFalse();
    }
}
