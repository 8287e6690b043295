package io.editstream.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * The stage's meters: {@code editstream.stage.records{stage,outcome}} counts records whose outcome was
 * committed (ok, failed, dead_lettered), and {@code editstream.stage.process{stage}} times the handler per
 * record, retries included, so model time can be told apart from transport time.
 */
public final class StageMetrics {
    public static final String RECORDS = "editstream.stage.records";
    public static final String PROCESS = "editstream.stage.process";

    private final Map<String, Counter> records;
    private final Timer process;

    public StageMetrics(MeterRegistry registry, String stage) {
        this.records = Map.of(
                "ok", counter(registry, stage, "ok"),
                "failed", counter(registry, stage, "failed"),
                "dead_lettered", counter(registry, stage, "dead_lettered"));
        this.process = Timer.builder(PROCESS)
                .description("Handler time per input record, retries included")
                .tag("stage", stage)
                .register(registry);
    }

    public void recordProcessing(long nanos) {
        process.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Counts outcomes once their transaction committed; aborted work is not counted. */
    public void committed(Map<String, Integer> outcomeCounts) {
        outcomeCounts.forEach((outcome, count) -> records.get(outcome).increment(count));
    }

    private static Counter counter(MeterRegistry registry, String stage, String outcome) {
        return Counter.builder(RECORDS)
                .description("Input records whose outcome was committed")
                .tags("stage", stage, "outcome", outcome)
                .register(registry);
    }
}
