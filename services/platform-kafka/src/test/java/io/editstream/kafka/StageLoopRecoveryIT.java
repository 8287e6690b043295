package io.editstream.kafka;

import static io.editstream.kafka.CommittedIO.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Exactly-once across interruptions: a loop closed mid-stream, a loop killed by an Error with work in hand,
 * a loop whose clients fail (it starts over with new ones) and a transaction the broker refuses; each time a new or recovered loop of the same group must leave
 * every input with exactly one committed output (read with read_committed).
 */
class StageLoopRecoveryIT extends StageLoopHarness {

    @Test
    void closedMidStreamThenRestartedGivesExactlyOneOutputEach(TestInfo info) throws Exception {
        List<String> ids = stageWithRequests(info, 3, ids("slow", 30));
        StageHandler<EditRequested, GuidanceProduced> slow = (in, meta) -> {
            Thread.sleep(40);
            return toy(in, meta);
        };
        StageLoop<EditRequested, GuidanceProduced> first = startLoop(slow, Map.of());
        await(() -> first.processedCount() >= 3, WAIT, "some records committed by the first loop");
        first.close();
        long done = first.processedCount();
        assertThat(done).isBetween(3L, 29L);
        assertThat(first.isHealthy()).isFalse();

        StageLoop<EditRequested, GuidanceProduced> second = startLoop(slow, Map.of());
        await(() -> second.processedCount() == ids.size() - done, WAIT, "the rest committed by the second loop");
        assertExactlyOneOutputEach(ids);
    }

    @Test
    void loopKilledByAnErrorLeavesNothingHalfDoneAndRestartCompletesExactlyOnce(TestInfo info) throws Exception {
        List<String> ids = stageWithRequests(info, 1, ids("req", 20));
        AtomicBoolean armed = new AtomicBoolean(true);
        StageLoop<EditRequested, GuidanceProduced> doomed = startLoop((in, meta) -> {
            if (armed.get() && in.getRequestId().equals("req-10")) {
                // Like a native crash in inference: no retry, no commit, the loop dies.
                throw new StackOverflowError("simulated crash in the model");
            }
            return toy(in, meta);
        }, Map.of());
        await(() -> !doomed.isHealthy(), WAIT, "the loop to die");
        long committedBeforeCrash = doomed.processedCount();
        assertThat(committedBeforeCrash).isLessThan(11);
        // Records handled in the crashed batch were never sent: nothing of them is visible.
        assertThat(io.readCommitted(stage.out().name(), (int) committedBeforeCrash + 1, Duration.ofSeconds(1), SETTLE))
                .hasSize((int) committedBeforeCrash);

        armed.set(false);
        StageLoop<EditRequested, GuidanceProduced> restarted = startLoop(this::toy, Map.of());
        await(() -> restarted.processedCount() == ids.size() - committedBeforeCrash, WAIT, "restart to finish");
        assertExactlyOneOutputEach(ids);
        // Handled-but-uncommitted records were redone once; committed ones and those after the crash ran once.
        for (int i = 0; i < ids.size(); i++) {
            int expected = i >= committedBeforeCrash && i < 10 ? 2 : 1;
            assertThat(calls.get(ids.get(i))).as(ids.get(i)).hasValue(expected);
        }
    }

    @Test
    void aLoopWhoseClientsFailStartsOverWithNewOnesAndLosesNothing(TestInfo info) throws Exception {
        List<String> ids = stageWithRequests(info, 1, ids("cf", 10));
        FailingPartitioner.FAILURES.set(1);
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop(this::toy,
                Map.of("partitioner.class", FailingPartitioner.class.getName()));
        await(() -> loop.processedCount() == ids.size(), Duration.ofSeconds(60), "all committed after the loop started over");
        assertThat(FailingPartitioner.FAILURES.get()).as("the client failed once").isNegative();
        assertThat(loop.isHealthy()).isTrue();
        assertExactlyOneOutputEach(ids);
    }

    /** Fails the first sends with an exception the producer does not recover from in place, then sends to partition 0. */
    public static final class FailingPartitioner implements Partitioner {
        static final AtomicInteger FAILURES = new AtomicInteger();

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            if (FAILURES.getAndDecrement() > 0) {
                throw new IllegalStateException("simulated client failure");
            }
            return 0;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void abortedTransactionIsRewoundAndRedoneWithoutDuplicates(TestInfo info) throws Exception {
        List<String> ids = stageWithRequests(info, 1, ids("tx", 10));
        AtomicBoolean oversizeOnce = new AtomicBoolean(true);
        // The producer refuses records over 8 KiB, so the batch holding the oversized output aborts.
        StageLoop<EditRequested, GuidanceProduced> loop = startLoop((in, meta) -> {
            GuidanceProduced out = toy(in, meta);
            if (in.getRequestId().equals("tx-6") && oversizeOnce.getAndSet(false)) {
                out.getContext().setInstruction("x".repeat(20_000));
            }
            return out;
        }, Map.of("max.request.size", "8192"));

        await(() -> loop.processedCount() == ids.size(), WAIT, "all records committed after the abort");
        assertThat(loop.isHealthy()).isTrue();
        assertThat(calls.get("tx-6")).hasValue(2);
        assertExactlyOneOutputEach(ids);
        assertThat(count("ok")).isEqualTo(ids.size());
    }
}
