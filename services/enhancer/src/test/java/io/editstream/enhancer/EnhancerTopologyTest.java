package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.EditOptions;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production enhancer topology on TopologyTestDriver, with a fuser that records what it joined. */
class EnhancerTopologyTest {
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final List<String> fused = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> guidance;
    private TestInputTopic<String, byte[]> cues;
    private TestOutputTopic<String, byte[]> output;
    private TestOutputTopic<String, byte[]> failed;
    private TestOutputTopic<String, byte[]> dlq;

    /** Joins by concatenating the two inputs' tensor URIs; refuses requests whose id starts with "bad". */
    private final Fuser fuser = (g, c) -> {
        if (g.getRequestId().startsWith("bad")) {
            throw new RejectedInputException("tensor " + g.getGuidance().getUri() + " is missing");
        }
        fused.add(g.getRequestId());
        String uri = "s3://b/tensors/" + g.getRequestId() + "/enhancer.bin";
        return new Fuser.Fused(TensorRef.newBuilder().setUri(uri).setSha256(g.getGuidance().getUri() + "+" + c.getCues().getUri())
                .setSizeBytes(16 * 64 * 4).setShape(List.of(16L, 64L)).build(), "fusion", "1", 1500, 300);
    };

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enhancer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(EnhancerTopology.build(fuser, WINDOW), props, Instant.ofEpochMilli(0));
        guidance = driver.createInputTopic(Topics.GUIDANCE_PRODUCED.name(), new StringSerializer(), new ByteArraySerializer());
        cues = driver.createInputTopic(Topics.CUES_EXTRACTED.name(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(Topics.CONDITIONING_PRODUCED.name(), new StringDeserializer(), new ByteArrayDeserializer());
        failed = driver.createOutputTopic(Topics.failed(Topics.ENHANCER).name(), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(Topics.deadLetter(Topics.ENHANCER), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void joinsInEitherOrder() {
        guidance.pipeInput("a", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("a")));
        assertThat(output.isEmpty()).isTrue();
        cues.pipeInput("a", Topics.CUES_EXTRACTED.serde().encode(cues("a")));
        cues.pipeInput("b", Topics.CUES_EXTRACTED.serde().encode(cues("b")));
        guidance.pipeInput("b", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("b")));

        List<ConditioningProduced> out = output.readValuesToList().stream().map(Topics.CONDITIONING_PRODUCED.serde()::decode).toList();
        assertThat(out).extracting(ConditioningProduced::getRequestId).containsExactly("a", "b");
        ConditioningProduced a = out.get(0);
        assertThat(a.getExplicitInstruction()).isEqualTo("move the ball to the floor");
        assertThat(a.getReasoningType()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(a.getConditioning().getSha256()).isEqualTo("s3://b/g/a+s3://b/c/a");
        assertThat(a.getStage().getModelMicros()).isEqualTo(1500);
        assertThat(a.getContext().getInstruction()).isEqualTo("what if the table tilted?");
        assertThat(failed.isEmpty()).isTrue();
    }

    @Test
    void aMissingSideFailsAfterTheWindowByTheWallClock() {
        guidance.pipeInput("lonely", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("lonely")));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(failed.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        EditFailed f = Topics.failed(Topics.ENHANCER).serde().decode(failed.readValue());
        assertThat(f.getRequestId()).isEqualTo("lonely");
        assertThat(f.getReason()).contains("no cues from cue-extractor within 60 s");
        // the partner arriving late is dropped, not joined
        cues.pipeInput("lonely", Topics.CUES_EXTRACTED.serde().encode(cues("lonely")));
        assertThat(output.isEmpty()).isTrue();
        assertThat(fused).isEmpty();
    }

    @Test
    void aDuplicateHalfIsIgnored() {
        guidance.pipeInput("d", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("d")));
        guidance.pipeInput("d", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("d")));
        cues.pipeInput("d", Topics.CUES_EXTRACTED.serde().encode(cues("d")));
        assertThat(output.readValuesToList()).hasSize(1);
        assertThat(fused).containsExactly("d");
    }

    @Test
    void poisonAndRejectedInputsAreDeadLetteredAndTheStreamGoesOn() {
        cues.pipeInput("p", "not avro".getBytes());
        guidance.pipeInput("bad1", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("bad1")));
        cues.pipeInput("bad1", Topics.CUES_EXTRACTED.serde().encode(cues("bad1")));
        guidance.pipeInput("ok", Topics.GUIDANCE_PRODUCED.serde().encode(guidance("ok")));
        cues.pipeInput("ok", Topics.CUES_EXTRACTED.serde().encode(cues("ok")));

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("p", "bad1");
        assertThat(new String(dead.get(0).headers().lastHeader(FailureRecords.CAUSE).value())).contains("undecodable");
        assertThat(new String(dead.get(1).headers().lastHeader(FailureRecords.CAUSE).value())).contains("is missing");
        assertThat(new String(dead.get(1).headers().lastHeader(FailureRecords.SOURCE_TOPIC).value()))
                .isEqualTo(Topics.CUES_EXTRACTED.name());
        List<EditFailed> failures = failed.readValuesToList().stream().map(Topics.failed(Topics.ENHANCER).serde()::decode).toList();
        assertThat(failures).extracting(EditFailed::getRequestId).containsExactly("p", "bad1");
        assertThat(output.readValuesToList()).hasSize(1);
    }

    static RequestContext context(String id) {
        return RequestContext.newBuilder()
                .setSource(ImageRef.newBuilder().setUri("s3://b/requests/" + id + "/source.png").setSha256("x").setSizeBytes(1)
                        .setWidth(64).setHeight(64).build())
                .setInstruction("what if the table tilted?").setOptions(EditOptions.newBuilder().build())
                .setSubmittedAt(Instant.ofEpochMilli(0)).build();
    }

    static StageInfo stage(String name) {
        return StageInfo.newBuilder().setStage(name).setReceivedAt(Instant.ofEpochMilli(0)).setUpstreamAt(Instant.ofEpochMilli(0)).build();
    }

    static TensorRef tensor(String uri, long... shape) {
        return TensorRef.newBuilder().setUri(uri).setSha256("x").setSizeBytes(4).setShape(java.util.Arrays.stream(shape).boxed().toList()).build();
    }

    static GuidanceProduced guidance(String id) {
        return GuidanceProduced.newBuilder().setEventId("g-" + id).setRequestId(id).setOccurredAt(Instant.ofEpochMilli(0))
                .setContext(context(id)).setStage(stage("reasoner")).setExplicitInstruction("move the ball to the floor")
                .setReasoningType(ReasoningType.PHYSICAL).setReasoningConfidence(0.8f).setGuidance(tensor("s3://b/g/" + id, 8, 64)).build();
    }

    static CuesExtracted cues(String id) {
        return CuesExtracted.newBuilder().setEventId("c-" + id).setRequestId(id).setOccurredAt(Instant.ofEpochMilli(0))
                .setContext(context(id)).setStage(stage("cue-extractor")).setCues(tensor("s3://b/c/" + id, 70, 64))
                .setPatchCount(64).setRegions(List.of()).setTextCues(List.of("red ball")).build();
    }
}
