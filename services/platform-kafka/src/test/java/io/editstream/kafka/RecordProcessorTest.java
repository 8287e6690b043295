package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** What one input record turns into: a keyed output, or a byte-exact dead letter with cause headers plus an EditFailed. */
class RecordProcessorTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final StageLoopConfig CFG = StageLoopConfig.defaults(KafkaSettings.of("localhost:1"), "reasoner")
            .withRetries(2, Duration.ZERO);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RecordProcessor<EditRequested, GuidanceProduced> processor(StageHandler<EditRequested, GuidanceProduced> h) {
        return new RecordProcessor<>("reasoner", Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED,
                h, new RetryingHandler("reasoner", CFG.maxAttempts(), CFG.retryBackoff(), d -> { }), new StageMetrics(registry, "reasoner"),
                Clock.fixed(NOW, ZoneOffset.UTC), Tracing.local("reasoner"));
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("gateway.edit.requested", 2, 41,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void goodInputBecomesOneOutputKeyedByRequestId() throws Exception {
        EditRequested in = TestEvents.request("req-7", "add snow");
        var result = processor((i, m) -> TestEvents.guidance(i, m, "reasoner"))
                .process(record("req-7", Topics.EDIT_REQUESTED.serde().encode(in)), 99);

        assertThat(result.outcome()).isEqualTo("ok");
        assertThat(result.failureLine()).isNull();
        assertThat(result.records()).hasSize(1);
        ProducerRecord<byte[], byte[]> out = result.records().get(0);
        assertThat(out.topic()).isEqualTo("reasoner.guidance.produced");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("req-7");
        GuidanceProduced g = Topics.GUIDANCE_PRODUCED.serde().decode(out.value());
        assertThat(g.getExplicitInstruction()).isEqualTo("ADD SNOW");
        assertThat(g.getStage().getReceivedAt()).isEqualTo(Instant.ofEpochMilli(99));
        assertThat(registry.get(StageMetrics.PROCESS).tag("stage", "reasoner").timer().count()).isEqualTo(1);
    }

    @Test
    void everyAnswerRecordCarriesTheInputsTraceOnAsANewSpan() throws Exception {
        String upstream = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        ConsumerRecord<byte[], byte[]> good = record("req-7", Topics.EDIT_REQUESTED.serde().encode(TestEvents.request("req-7", "add snow")));
        good.headers().add(Tracing.TRACEPARENT, upstream.getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> bad = record("req-bad", new byte[] {1, 2, 3});
        bad.headers().add(Tracing.TRACEPARENT, upstream.getBytes(StandardCharsets.UTF_8));
        var processor = processor((i, m) -> TestEvents.guidance(i, m, "reasoner"));

        var answers = new java.util.ArrayList<>(processor.process(good, 1).records());
        answers.addAll(processor.process(bad, 1).records());   // the dead letter and the EditFailed
        assertThat(answers).hasSize(3).allSatisfy(r -> {
            assertThat(r.headers().headers(Tracing.TRACEPARENT)).as(r.topic()).hasSize(1);
            assertThat(Tracing.traceId(r.headers())).as(r.topic()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(header(r, Tracing.TRACEPARENT)).as("the stage's own span, not the upstream one").isNotEqualTo(upstream);
        });
        // an untraced input starts a trace of its own
        var fresh = processor.process(record("req-8", Topics.EDIT_REQUESTED.serde().encode(TestEvents.request("req-8", "x"))), 1);
        assertThat(Tracing.traceId(fresh.records().get(0).headers())).isNotNull().isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void undecodableInputIsDeadLetteredByteForByteWithCauseHeadersAndAFailedStatus() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        byte[] garbage = {1, 2, 3, 4, 5};
        var result = processor((i, m) -> {
            calls.incrementAndGet();
            return TestEvents.guidance(i, m, "reasoner");
        }).process(record("req-bad", garbage), 1);

        assertThat(calls).hasValue(0);
        assertThat(result.outcome()).isEqualTo("dead_lettered");
        assertThat(result.failureLine()).contains("requestId=req-bad", "stage=reasoner", "SerializationException");
        ProducerRecord<byte[], byte[]> dlq = result.records().get(0);
        assertThat(dlq.topic()).isEqualTo("reasoner.dlq");
        assertThat(dlq.key()).isEqualTo("req-bad".getBytes(StandardCharsets.UTF_8));
        assertThat(dlq.value()).isEqualTo(garbage);
        assertThat(header(dlq, FailureRecords.CAUSE)).contains("cannot decode EditRequested");
        assertThat(header(dlq, FailureRecords.ERROR_CLASS)).isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(dlq, FailureRecords.SOURCE_TOPIC)).isEqualTo("gateway.edit.requested");
        assertThat(header(dlq, FailureRecords.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(dlq, FailureRecords.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(dlq, FailureRecords.STAGE)).isEqualTo("reasoner");
        assertThat(header(dlq, "trace")).isEqualTo("t-1");

        ProducerRecord<byte[], byte[]> failed = result.records().get(1);
        assertThat(failed.topic()).isEqualTo("reasoner.edit.failed");
        assertThat(new String(failed.key(), StandardCharsets.UTF_8)).isEqualTo("req-bad");
        EditFailed event = Topics.failed("reasoner").serde().decode(failed.value());
        assertThat(event.getRequestId()).isEqualTo("req-bad");
        assertThat(event.getStage()).isEqualTo("reasoner");
        assertThat(event.getOccurredAt()).isEqualTo(NOW);
        assertThat(event.getSourceTopic()).isEqualTo("gateway.edit.requested");
        assertThat(event.getReason()).contains("cannot decode");
    }

    @Test
    void rejectedAndExhaustedFailuresCarryTenantAndAStableEventId() throws Exception {
        EditRequested in = TestEvents.request("req-r", "x");
        byte[] bytes = Topics.EDIT_REQUESTED.serde().encode(in);
        var rejected = processor((i, m) -> { throw new RejectedInputException("tensor shape [3] != [8,64]"); })
                .process(record("req-r", bytes), 1);
        var again = processor((i, m) -> { throw new RejectedInputException("tensor shape [3] != [8,64]"); })
                .process(record("req-r", bytes), 2);
        var exhausted = processor((i, m) -> { throw new IllegalStateException("boom"); })
                .process(record("req-r", bytes), 1);

        EditFailed r = Topics.failed("reasoner").serde().decode(rejected.records().get(1).value());
        assertThat(rejected.outcome()).isEqualTo("dead_lettered");
        assertThat(r.getTenant()).isEqualTo("tenant-a");
        assertThat(r.getErrorClass()).isEqualTo(RejectedInputException.class.getName());
        assertThat(r.getReason()).isEqualTo("RejectedInputException: tensor shape [3] != [8,64]");
        assertThat(Topics.failed("reasoner").serde().decode(again.records().get(1).value()).getEventId())
                .isEqualTo(r.getEventId());

        assertThat(exhausted.outcome()).isEqualTo("failed");
        assertThat(header(exhausted.records().get(0), FailureRecords.CAUSE))
                .isEqualTo("gave up after 2 attempts: IllegalStateException: boom");
    }

    @Test
    void missingKeyFallsBackToTheEventsRequestId() throws Exception {
        EditRequested in = TestEvents.request("req-k", "x");
        var ok = processor((i, m) -> TestEvents.guidance(i, m, "reasoner"))
                .process(record(null, Topics.EDIT_REQUESTED.serde().encode(in)), 1);
        assertThat(new String(ok.records().get(0).key(), StandardCharsets.UTF_8)).isEqualTo("req-k");

        var poison = processor((i, m) -> TestEvents.guidance(i, m, "reasoner")).process(record(null, new byte[] {9}), 1);
        assertThat(new String(poison.records().get(1).key(), StandardCharsets.UTF_8))
                .isEqualTo("unknown:gateway.edit.requested-2@41");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
