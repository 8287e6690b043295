package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditStatus;
import io.editstream.kafka.AvroSerde;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed status renders as the JSON document the API has always returned, also after the store's Avro round trip. */
class StatusJsonTest {
    private static final AvroSerde<EditStatus> SERDE = new AvroSerde<>(EditStatus.class);

    private static JsonObject render(EditStatus status) {
        return StatusJson.render(SERDE.decode(SERDE.encode(status)));
    }

    @Test
    void aScoredEditHasEveryFieldTheClientsRead() {
        String id = "j1";
        JsonObject json = render(StatusFolderTest.fold(id, List.of(Events.requested(id), Events.guidance(id), Events.rendered(id),
                Events.scored(id))));
        assertThat(json.getString("id")).isEqualTo(id);
        assertThat(json.getString("state")).isEqualTo("SCORED");
        assertThat(json.getString("tenant")).isEqualTo("default");
        assertThat(json.getString("requestedAt")).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(json.getString("submittedAt")).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(json.getString("instruction")).isEqualTo("what if the ball fell?");
        assertThat(json.getString("source")).isEqualTo("s3://b/requests/j1/source.png");
        assertThat(json.getJsonObject("options").getInteger("steps")).isEqualTo(20);
        assertThat(json.getJsonObject("options").getLong("seed")).isEqualTo(42L);
        assertThat(json.getJsonObject("options").containsKey("textGuidance")).isTrue();
        assertThat(json.getString("explicitInstruction")).isEqualTo("move the ball to the floor");
        assertThat(json.getString("reasoningType")).isEqualTo("PHYSICAL");
        assertThat(json.getDouble("reasoningConfidence")).isEqualTo((double) 0.9f);
        assertThat(json.getString("output")).isEqualTo("s3://b/results/j1/edited.png");
        assertThat(json.getString("sampler")).isEqualTo("euler-ancestral");
        assertThat(json.getJsonObject("scores").getDouble("clip_t")).isEqualTo(0.3);
        assertThat(json.getJsonObject("copyBaseline").getDouble("clip_t")).isEqualTo(0.2);
        JsonObject reasoner = json.getJsonObject("stages").getJsonObject("reasoner");
        assertThat(reasoner.fieldNames()).containsExactlyInAnyOrder("stage", "at", "receivedAt", "processingMs", "modelMs", "ioMs",
                "model", "done");
        assertThat(reasoner.getBoolean("done")).isTrue();
        assertThat(reasoner.getString("at")).isEqualTo("1970-01-01T00:00:02.100Z");
        assertThat(reasoner.getString("receivedAt")).isEqualTo("1970-01-01T00:00:02Z");
        assertThat(reasoner.getLong("processingMs")).isEqualTo(100L);
        assertThat(reasoner.getDouble("modelMs")).isEqualTo(5.0);
        assertThat(reasoner.getString("model")).isEqualTo("m@1");
        assertThat(json.getJsonObject("links")).isEqualTo(new JsonObject().put("self", "/v1/edits/j1").put("image", "/v1/edits/j1/image")
                .put("source", "/v1/edits/j1/source").put("events", "/v1/edits/j1/events"));
        assertThat(json.fieldNames()).doesNotContain("failure", "reference", "textCues", "regions", "fusionMode", "revision");
    }

    @Test
    void aFailureAndTheCuesShowWhenEventsSaidThem() {
        String id = "j2";
        var cues = io.editstream.events.CuesExtracted.newBuilder().setEventId("c").setRequestId(id)
                .setOccurredAt(java.time.Instant.ofEpochMilli(2200)).setContext(Events.context(id)).setStage(Events.stage("cue-extractor"))
                .setCues(Events.guidance(id).getGuidance()).setPatchCount(4).setRegions(List.of()).setTextCues(List.of("red ball", "table")).build();
        JsonObject json = render(StatusFolderTest.fold(id, List.of(cues, Events.failed(id, "enhancer", "no guidance within 60 s"))));
        assertThat(json.getString("state")).isEqualTo("FAILED");
        assertThat(json.getJsonArray("textCues").getList()).containsExactly("red ball", "table");
        assertThat(json.getInteger("regions")).isZero();
        assertThat(json.getJsonObject("failure")).isEqualTo(new JsonObject().put("stage", "enhancer")
                .put("reason", "no guidance within 60 s").put("errorClass", "X").put("at", "1970-01-01T00:00:05Z"));
        assertThat(json.getJsonObject("stages").getJsonObject("cue-extractor").getBoolean("done")).isTrue();
    }

    @Test
    void everyFieldButTheRequestIdHasADefault() {
        assertThat(EditStatus.getClassSchema().getFields()).filteredOn(f -> !f.name().equals("requestId"))
                .allSatisfy(f -> assertThat(f.hasDefaultValue()).as(f.name()).isTrue());
    }
}
