package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ReasoningType;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology and Streams settings on TopologyTestDriver, fusing with a {@link MeanFuser}. */
class EnhancerTopologyTest {
    private static final Instant START = Instant.ofEpochMilli(1_000_000);

    @TempDir
    Path stateDir;
    private final MeanFuser fuser = new MeanFuser();
    private TopologyTestDriver driver;
    private TestInputTopic<String, GuidanceProduced> guidance;
    private TestInputTopic<String, CuesExtracted> cues;
    private TestInputTopic<String, byte[]> rawCues;
    private TestOutputTopic<String, ConditioningProduced> output;
    private TestOutputTopic<String, EditFailed> failed;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() throws IOException {
        // the shipped defaults (60 s window, 3 attempts), with backoff cut so retries do not slow the test
        EnhancerConfig config = EnhancerConfig.from(EnhancerConfigTest.shippedDefaults().mergeIn(new JsonObject()
                .put("fusion", new JsonObject().put("retryBackoffMs", 1))
                .put("streams", new JsonObject().put("stateDir", stateDir.toString())), true));
        Properties props = EnhancerTopology.streamsProperties(config);
        driver = new TopologyTestDriver(EnhancerTopology.build(config, fuser), props, START);
        guidance = driver.createInputTopic(Topics.GUIDANCE_PRODUCED.name(), new StringSerializer(), Topics.GUIDANCE_PRODUCED.serde());
        cues = driver.createInputTopic(Topics.CUES_EXTRACTED.name(), new StringSerializer(), Topics.CUES_EXTRACTED.serde());
        rawCues = driver.createInputTopic(Topics.CUES_EXTRACTED.name(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(Topics.CONDITIONING_PRODUCED.name(), new StringDeserializer(), Topics.CONDITIONING_PRODUCED.serde());
        failed = driver.createOutputTopic(Topics.failed(EnhancerEvents.STAGE).name(), new StringDeserializer(),
                Topics.failed(EnhancerEvents.STAGE).serde());
        dlq = driver.createOutputTopic(Topics.deadLetter(EnhancerEvents.STAGE), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void joinsInEitherOrderIntoTheMeansOfBothTensors() {
        FloatTensor ga = TestEvents.random(8, 4, 1);
        FloatTensor ca = TestEvents.random(5, 4, 2);
        guidance.pipeInput("a", guidanceFor("a", ga));
        assertThat(output.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        cues.pipeInput(new TestRecord<>("a", cuesFor("a", ca), Instant.ofEpochMilli(777)));
        cues.pipeInput("b", cuesFor("b", TestEvents.random(3, 4, 3)));
        guidance.pipeInput("b", guidanceFor("b", TestEvents.random(8, 4, 4)));

        List<ConditioningProduced> out = output.readValuesToList();
        assertThat(out).extracting(ConditioningProduced::getRequestId).containsExactly("a", "b");
        ConditioningProduced a = out.get(0);
        assertThat(a.getExplicitInstruction()).isEqualTo(TestEvents.EXPLICIT);
        assertThat(a.getReasoningType()).isEqualTo(ReasoningType.PHYSICAL);
        assertThat(a.getMode()).isEqualTo(FusionMode.LEARNED_FUSION);
        assertThat(a.getTenant()).isEqualTo("acme");
        assertThat(a.getContext().getInstruction()).isEqualTo(TestEvents.INSTRUCTION);
        assertThat(a.getStage().getReceivedAt()).isEqualTo(START.plusSeconds(2));
        assertThat(a.getStage().getUpstreamAt()).isEqualTo(Instant.ofEpochMilli(777));
        assertThat(a.getStage().getModelMicros()).isEqualTo(1500);
        float[] fused = fuser.tensors.get(a.getConditioning().getUri()).data();
        assertThat(Arrays.copyOfRange(fused, 0, 4)).containsExactly(MeanFuser.columnMeans(ga));
        assertThat(Arrays.copyOfRange(fused, 4, 8)).containsExactly(MeanFuser.columnMeans(ca));
        driver.advanceWallClockTime(Duration.ofSeconds(120));
        assertThat(failed.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aLoneHalfFailsAfterTheWindowByTheWallClockNamingTheMissingSide() {
        guidance.pipeInput("lonely", guidanceFor("lonely", TestEvents.random(8, 4, 1)));
        cues.pipeInput("orphan", cuesFor("orphan", TestEvents.random(3, 4, 2)));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(failed.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(31));

        List<EditFailed> failures = failed.readValuesToList();
        assertThat(failures).extracting(EditFailed::getRequestId).containsExactlyInAnyOrder("lonely", "orphan");
        EditFailed lonely = failures.stream().filter(f -> f.getRequestId().equals("lonely")).findFirst().orElseThrow();
        assertThat(lonely.getReason()).isEqualTo("no cues from cue-extractor within 60 s");
        assertThat(lonely.getErrorClass()).isEqualTo(EnhancerEvents.JOIN_TIMEOUT);
        assertThat(lonely.getTenant()).isEqualTo("acme");
        assertThat(lonely.getSourceTopic()).isEqualTo(Topics.GUIDANCE_PRODUCED.name());
        EditFailed orphan = failures.stream().filter(f -> f.getRequestId().equals("orphan")).findFirst().orElseThrow();
        assertThat(orphan.getReason()).isEqualTo("no guidance from reasoner within 60 s");
        assertThat(output.isEmpty()).isTrue();
        assertThat(fuser.calls).isEmpty();
    }

    @Test
    void aPartnerArrivingAfterTheTimeoutIsIgnored() {
        guidance.pipeInput("late", guidanceFor("late", TestEvents.random(8, 4, 1)));
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(failed.readValuesToList()).hasSize(1);

        cues.pipeInput("late", cuesFor("late", TestEvents.random(3, 4, 2)));
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(output.isEmpty()).isTrue();
        assertThat(failed.isEmpty()).as("the late half must not start a second wait").isTrue();
        assertThat(fuser.calls).isEmpty();
    }

    @Test
    void aDuplicateHalfKeepsTheFirstCopy() {
        FloatTensor first = TestEvents.random(8, 4, 1);
        guidance.pipeInput("d", guidanceFor("d", first));
        GuidanceProduced second = TestEvents.guidance("d", fuser.put("mem://d/second", TestEvents.random(8, 4, 9)));
        guidance.pipeInput("d", second);
        cues.pipeInput("d", cuesFor("d", TestEvents.random(3, 4, 2)));
        cues.pipeInput("d", cuesFor("d", TestEvents.random(3, 4, 5)));   // re-sent after the join

        List<ConditioningProduced> out = output.readValuesToList();
        assertThat(out).hasSize(1);
        float[] fused = fuser.tensors.get(out.get(0).getConditioning().getUri()).data();
        assertThat(Arrays.copyOfRange(fused, 0, 4)).containsExactly(MeanFuser.columnMeans(first));
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(failed.isEmpty()).isTrue();
        assertThat(fuser.calls).containsExactly("d");
    }

    @Test
    void undecodableAndUnkeyedRecordsAreDeadLetteredWithTheirCauseAndTheNextPairStillJoins() {
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
        rawCues.pipeInput("p", poison);
        rawCues.pipeInput((String) null, poison);
        guidance.pipeInput((String) null, guidanceFor("unkeyed", TestEvents.random(8, 4, 9)));
        guidance.pipeInput("ok", guidanceFor("ok", TestEvents.random(8, 4, 1)));
        cues.pipeInput("ok", cuesFor("ok", TestEvents.random(3, 4, 2)));

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("p", null, null);
        assertThat(header(dead.get(2), FailureRecords.CAUSE)).contains("has no key");
        assertThat(Topics.GUIDANCE_PRODUCED.serde().decode(dead.get(2).value()).getRequestId()).isEqualTo("unkeyed");
        assertThat(dead.get(0).value()).isEqualTo(poison);
        assertThat(header(dead.get(0), FailureRecords.CAUSE)).contains("cannot decode CuesExtracted");
        assertThat(header(dead.get(0), FailureRecords.SOURCE_TOPIC)).isEqualTo(Topics.CUES_EXTRACTED.name());
        assertThat(header(dead.get(0), FailureRecords.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(0), FailureRecords.STAGE)).isEqualTo("enhancer");
        List<EditFailed> failures = failed.readValuesToList();
        assertThat(failures).extracting(EditFailed::getRequestId).containsExactly("p");
        assertThat(failures.get(0).getReason()).contains("cannot decode CuesExtracted");
        assertThat(output.readValuesToList()).extracting(ConditioningProduced::getRequestId).containsExactly("ok");
    }

    @Test
    void aRejectedPairIsDeadLetteredAndFailedWithoutRetryAndTheStreamGoesOn() {
        guidance.pipeInput("bad", TestEvents.guidance("bad", TestEvents.ref("mem://gone", 8, 4)));
        cues.pipeInput("bad", cuesFor("bad", TestEvents.random(3, 4, 2)));
        guidance.pipeInput("ok", guidanceFor("ok", TestEvents.random(8, 4, 3)));
        cues.pipeInput("ok", cuesFor("ok", TestEvents.random(3, 4, 4)));

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("bad", "bad");
        assertThat(dead).extracting(r -> header(r, FailureRecords.SOURCE_TOPIC))
                .containsExactly(Topics.GUIDANCE_PRODUCED.name(), Topics.CUES_EXTRACTED.name());
        assertThat(header(dead.get(0), FailureRecords.CAUSE)).contains("mem://gone is missing");
        assertThat(Topics.GUIDANCE_PRODUCED.serde().decode(dead.get(0).value()).getRequestId()).isEqualTo("bad");
        EditFailed failure = failed.readValue();
        assertThat(failure.getRequestId()).isEqualTo("bad");
        assertThat(failure.getReason()).contains("mem://gone is missing");
        assertThat(failure.getSourceTopic()).isEqualTo(Topics.CUES_EXTRACTED.name());
        assertThat(fuser.calls).containsExactly("bad", "ok");
        assertThat(output.readValuesToList()).extracting(ConditioningProduced::getRequestId).containsExactly("ok");
    }

    @Test
    void aTransientFusionFailureIsRetriedAndAPersistentOneFailsTheRequest() {
        fuser.failNext(2);
        guidance.pipeInput("flaky", guidanceFor("flaky", TestEvents.random(8, 4, 1)));
        cues.pipeInput("flaky", cuesFor("flaky", TestEvents.random(3, 4, 2)));
        assertThat(output.readValuesToList()).extracting(ConditioningProduced::getRequestId).containsExactly("flaky");

        fuser.failNext(5);
        guidance.pipeInput("down", guidanceFor("down", TestEvents.random(8, 4, 3)));
        cues.pipeInput("down", cuesFor("down", TestEvents.random(3, 4, 4)));
        assertThat(output.isEmpty()).isTrue();
        assertThat(failed.readValue().getReason()).isEqualTo("gave up after 3 attempts: IllegalStateException: storage unavailable");
        assertThat(dlq.readRecordsToList()).hasSize(2);
        assertThat(fuser.calls).containsExactly("flaky", "flaky", "flaky", "down", "down", "down");
    }

    private GuidanceProduced guidanceFor(String id, FloatTensor tensor) {
        return TestEvents.guidance(id, fuser.put("mem://" + id + "/guidance-" + System.nanoTime(), tensor));
    }

    private CuesExtracted cuesFor(String id, FloatTensor tensor) {
        return TestEvents.cues(id, fuser.put("mem://" + id + "/cues-" + System.nanoTime(), tensor));
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
