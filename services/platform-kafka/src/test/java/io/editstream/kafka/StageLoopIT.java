package io.editstream.kafka;

import static io.editstream.kafka.CommittedIO.await;
import static io.editstream.kafka.CommittedIO.header;
import static io.editstream.kafka.CommittedIO.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The stage loop against a real broker: outputs keyed by request, dead letters with their cause, bounded retries. */
class StageLoopIT extends StageLoopHarness {

    @Test
    void happyPathGivesOneOutputPerInputKeyedByRequestId(TestInfo info) throws Exception {
        List<String> ids = stageWithRequests(info, 3, ids("ok", 12));
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop(this::toy, Map.of());

        await(() -> loop.processedCount() == 12, WAIT, "12 committed records");
        assertThat(loop.isHealthy()).isTrue();
        assertExactlyOneOutputEach(ids);
        assertThat(io.readCommitted(Topics.failed(stage.service()).name(), 0, WAIT, SETTLE)).isEmpty();
        assertThat(count("ok")).isEqualTo(12);
        assertThat(registry.get(StageMetrics.PROCESS).tag("stage", stage.service()).timer().count()).isEqualTo(12);
    }

    @Test
    void poisonRecordIsDeadLetteredAndTheFollowingRecordsStillProcessed(TestInfo info) throws Exception {
        stage = stage(info, 1);
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("good-1", stage.in().serde().encode(TestEvents.request("good-1", "edit good-1")));
        inputs.put("poison-1", garbage);
        inputs.put("good-2", stage.in().serde().encode(TestEvents.request("good-2", "edit good-2")));
        inputs.put("good-3", stage.in().serde().encode(TestEvents.request("good-3", "edit good-3")));
        io.write(stage.in().name(), inputs);
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop(this::toy, Map.of());

        await(() -> loop.processedCount() == 4, WAIT, "4 committed records");
        assertExactlyOneOutputEach(List.of("good-1", "good-2", "good-3"));

        List<ConsumerRecord<byte[], byte[]>> dlq = io.readCommitted(Topics.deadLetter(stage.service()), 1, WAIT, SETTLE);
        assertThat(dlq).hasSize(1);
        ConsumerRecord<byte[], byte[]> dead = dlq.get(0);
        assertThat(key(dead)).isEqualTo("poison-1");
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, FailureRecords.CAUSE)).contains("cannot decode EditRequested");
        assertThat(header(dead, FailureRecords.ERROR_CLASS)).endsWith("SerializationException");
        assertThat(header(dead, FailureRecords.SOURCE_TOPIC)).isEqualTo(stage.in().name());
        assertThat(header(dead, FailureRecords.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, FailureRecords.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead, FailureRecords.STAGE)).isEqualTo(stage.service());

        EditFailed failed = onlyFailure("poison-1");
        assertThat(failed.getStage()).isEqualTo(stage.service());
        assertThat(failed.getReason()).contains("cannot decode");
        assertThat(failed.getSourceTopic()).isEqualTo(stage.in().name());
        assertThat(count("dead_lettered")).isEqualTo(1);
        assertThat(count("ok")).isEqualTo(3);
    }

    @Test
    void rejectedInputIsDeadLetteredAtOnceWithoutRetry(TestInfo info) throws Exception {
        stageWithRequests(info, 2, List.of("fine-1", "reject-1", "fine-2"));
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            if (in.getRequestId().startsWith("reject")) {
                calls.computeIfAbsent(in.getRequestId(), k -> new AtomicInteger()).incrementAndGet();
                throw new RejectedInputException("source image " + in.getContext().getSource().getUri() + " is missing");
            }
            return toy(in, meta);
        }, Map.of());

        await(() -> loop.processedCount() == 3, WAIT, "3 committed records");
        assertExactlyOneOutputEach(List.of("fine-1", "fine-2"));
        assertThat(calls.get("reject-1")).hasValue(1);
        EditFailed failed = onlyFailure("reject-1");
        assertThat(failed.getErrorClass()).isEqualTo(RejectedInputException.class.getName());
        assertThat(failed.getReason()).contains("is missing");
        assertThat(failed.getTenant()).isEqualTo("tenant-a");
        List<ConsumerRecord<byte[], byte[]>> dlq = io.readCommitted(Topics.deadLetter(stage.service()), 1, WAIT, SETTLE);
        assertThat(dlq).extracting(CommittedIO::key).containsExactly("reject-1");
        assertThat(stage.in().serde().decode(dlq.get(0).value()).getRequestId()).isEqualTo("reject-1");
        assertThat(count("dead_lettered")).isEqualTo(1);
    }

    @Test
    void transientFailuresAreRetriedAndOnlyExhaustedOnesFail(TestInfo info) throws Exception {
        stageWithRequests(info, 3, List.of("flaky-1", "broken-1", "steady-1"));
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            int attempt = calls.computeIfAbsent(in.getRequestId(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (in.getRequestId().startsWith("broken") || (in.getRequestId().startsWith("flaky") && attempt <= 2)) {
                throw new IllegalStateException("model server busy (attempt " + attempt + ")");
            }
            return TestEvents.guidance(in, meta, stage.service());
        }, Map.of());

        await(() -> loop.processedCount() == 3, WAIT, "3 committed records");
        assertExactlyOneOutputEach(List.of("flaky-1", "steady-1"));
        assertThat(calls.get("flaky-1")).hasValue(3);
        assertThat(calls.get("broken-1")).hasValue(3);
        EditFailed failed = onlyFailure("broken-1");
        assertThat(failed.getReason()).isEqualTo("gave up after 3 attempts: IllegalStateException: model server busy (attempt 3)");
        assertThat(io.readCommitted(Topics.deadLetter(stage.service()), 1, WAIT, SETTLE))
                .extracting(CommittedIO::key).containsExactly("broken-1");
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("ok")).isEqualTo(2);
    }

    @Test
    void slowStageCommitsEachResultWithoutWaitingForTheRestOfTheBatch(TestInfo info) throws Exception {
        stageWithRequests(info, 1, List.of("slow-1", "slow-2"));
        CountDownLatch firstSeen = new CountDownLatch(1);
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            if (in.getRequestId().equals("slow-1")) {
                Thread.sleep(StageLoop.COMMIT_AFTER.toMillis() + 100);
            } else if (!firstSeen.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("slow-1 was not committed while slow-2 was in hand");
            }
            return toy(in, meta);
        }, Map.of());

        // slow-2 is still in the handler, so slow-1 can only be visible if it was committed on its own.
        List<ConsumerRecord<byte[], byte[]>> early = io.readCommitted(stage.out().name(), 1, WAIT, Duration.ZERO);
        assertThat(early).extracting(CommittedIO::key).containsExactly("slow-1");
        firstSeen.countDown();
        await(() -> loop.processedCount() == 2, WAIT, "both committed");
        assertExactlyOneOutputEach(List.of("slow-1", "slow-2"));
    }

    @Test
    void lagAndQueueDepthShowTheBacklogWhileTheHandlerIsBusyAndDrainToZero(TestInfo info) throws Exception {
        int total = StageClients.MAX_POLL_RECORDS + 4;
        stageWithRequests(info, 1, ids("backlog", total));
        CountDownLatch release = new CountDownLatch(1);
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            return toy(in, meta);
        }, Map.of());

        // the first poll holds at most MAX_POLL_RECORDS; the rest is lag. Together they are the whole backlog.
        await(() -> gauge(StageMetrics.QUEUE) > 0 && gauge(StageMetrics.LAG) + gauge(StageMetrics.QUEUE) == total,
                WAIT, "queue and lag adding up to the backlog");
        assertThat(gauge(StageMetrics.LAG)).isPositive();
        assertThat(gauge(StageMetrics.QUEUE)).isLessThanOrEqualTo(StageClients.MAX_POLL_RECORDS);
        release.countDown();
        await(() -> loop.processedCount() == total, WAIT, "all committed");
        await(() -> gauge(StageMetrics.LAG) == 0 && gauge(StageMetrics.QUEUE) == 0, WAIT, "lag and queue back to 0");
        var batch = registry.get(StageMetrics.BATCH).tag("stage", stage.service()).summary();
        assertThat(batch.totalAmount()).isEqualTo(total);
        assertThat(batch.count()).isGreaterThanOrEqualTo(2);

        loop.close();
        assertThat(registry.find(StageMetrics.LAG).tag("stage", stage.service()).gauge()).as("gauge of a closed loop").isNull();
    }

    @Test
    void lagFollowsNewInputWhileASlowBatchIsStillInHand(TestInfo info) throws Exception {
        stageWithRequests(info, 1, List.of("first", "second"));
        CountDownLatch laterWritten = new CountDownLatch(1);
        CountDownLatch secondMayFinish = new CountDownLatch(1);
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            if (in.getRequestId().equals("first")) {
                if (!laterWritten.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("later records not written");
                }
                Thread.sleep(StageLoop.COMMIT_AFTER.toMillis() + 100); // slow enough to be committed on its own
            } else if (in.getRequestId().equals("second") && !secondMayFinish.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            return toy(in, meta);
        }, Map.of());
        await(() -> gauge(StageMetrics.QUEUE) == 2, WAIT, "both in hand");
        writeRequests(ids("later", 5));
        laterWritten.countDown();

        // no poll happens until "second" is done, so only the refresh after "first"'s commit can see the five
        await(() -> gauge(StageMetrics.LAG) == 5 && gauge(StageMetrics.QUEUE) == 1, WAIT, "lag of the five, second in hand");
        assertThat(loop.processedCount()).isEqualTo(1);
        secondMayFinish.countDown();
        await(() -> loop.processedCount() == 7 && gauge(StageMetrics.LAG) == 0, WAIT, "all committed, no lag");
    }

    private double gauge(String name) {
        return registry.get(name).tag("stage", stage.service()).gauge().value();
    }

    private EditFailed onlyFailure(String requestId) {
        List<ConsumerRecord<byte[], byte[]>> failed = io.readCommitted(Topics.failed(stage.service()).name(), 1, WAIT, SETTLE);
        assertThat(failed).extracting(CommittedIO::key).containsExactly(requestId);
        EditFailed event = Topics.failed(stage.service()).serde().decode(failed.get(0).value());
        assertThat(event.getRequestId()).isEqualTo(requestId);
        return event;
    }
}
