package io.editstream.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The stage's meters, one instance per stage loop:
 * <ul>
 * <li>{@code editstream.stage.records{stage,outcome}} counts records whose outcome was committed (ok, failed,
 *     dead_lettered);</li>
 * <li>{@code editstream.stage.process{stage}} times the handler per record, retries included, so model time can
 *     be told apart from transport time; its histogram buckets let dashboards take p50 / p99;</li>
 * <li>{@code editstream.stage.batch{stage}} is the distribution of records per non-empty poll;</li>
 * <li>{@code editstream.stage.lag{stage}} is the consumer lag of the loops' assigned partitions (log end, or last
 *     stable offset under read_committed, minus position): records not yet polled; for a stage that is a Kafka
 *     Streams application, from its consumers' metrics ({@link #streamsLag});</li>
 * <li>{@code editstream.stage.queue{stage}} is the queue depth: records polled but not yet committed.</li>
 * </ul>
 * Lag + queue is the stage's whole backlog. Several loops of one stage in one JVM (the renderer's concurrency)
 * share one series per gauge, their sum: Micrometer keeps the first gauge registered for a name and tags, so the
 * loops publish into a shared {@code Sum} rather than each registering its own state. Lag and queue are set by the
 * loop thread only (the consumer is not thread-safe) and read by the scrape through atomics.
 */
public final class StageMetrics implements AutoCloseable {
    public static final String RECORDS = "editstream.stage.records";
    public static final String PROCESS = "editstream.stage.process";
    public static final String BATCH = "editstream.stage.batch";
    public static final String LAG = "editstream.stage.lag";
    public static final String QUEUE = "editstream.stage.queue";
    /**
     * Bucket bounds of the process timer, for p50 / p99 with histogram_quantile: fixed, few, and reaching a CPU
     * render's minutes (Micrometer's percentile histogram would be 88 series per stage and stop at 30 s).
     */
    private static final Duration[] PROCESS_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};
    /** Bucket bounds of the batch distribution: a poll returns at most {@link StageClients#MAX_POLL_RECORDS}. */
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, StageClients.MAX_POLL_RECORDS};
    /** Per registry, per gauge name and stage: the loops' shared sums (weak, so a dropped test registry goes). */
    private static final Map<MeterRegistry, Map<String, Sum>> SUMS = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final String stage;
    private final Map<String, Counter> records;
    private final Timer process;
    private final DistributionSummary batch;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong queue = new AtomicLong();
    private final LongSupplier lagPart = lag::get;
    private final LongSupplier queuePart = queue::get;
    private boolean closed;

    public StageMetrics(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.records = Map.of(
                "ok", counter(registry, stage, "ok"),
                "failed", counter(registry, stage, "failed"),
                "dead_lettered", counter(registry, stage, "dead_lettered"));
        this.process = Timer.builder(PROCESS)
                .description("Handler time per input record, retries included")
                .tag("stage", stage)
                .serviceLevelObjectives(PROCESS_BUCKETS)
                .register(registry);
        this.batch = DistributionSummary.builder(BATCH)
                .description("Records per non-empty poll")
                .baseUnit("records")
                .tag("stage", stage)
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry);
        join(registry, LAG, stage, lagPart);
        join(registry, QUEUE, stage, queuePart);
    }

    /**
     * The lag gauge of a stage that runs as a Kafka Streams application (the enhancer's join) rather than a stage
     * loop: read at scrape time from the client's own fetch metrics, which are safe to read from any thread.
     * Closing the result removes it.
     */
    public static AutoCloseable streamsLag(MeterRegistry registry, String stage,
                                           Supplier<Map<MetricName, ? extends Metric>> metrics) {
        LongSupplier part = () -> streamsLagOf(metrics.get());
        join(registry, LAG, stage, part);
        return () -> {
            synchronized (SUMS) {
                leave(registry, LAG, stage, part);
            }
        };
    }

    /**
     * The lag in Kafka client metrics: the sum of the per-partition {@code records-lag} of the main consumers
     * (not the restore consumer, whose lag is changelog catch-up, not input waiting). NaN (no fetch yet) counts 0.
     */
    public static long streamsLagOf(Map<MetricName, ? extends Metric> metrics) {
        long sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && name.tags().containsKey("partition")
                    && !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")
                    && e.getValue().metricValue() instanceof Number n && n.doubleValue() > 0) {
                sum += (long) n.doubleValue();
            }
        }
        return sum;
    }

    public void recordProcessing(long nanos) {
        process.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts outcomes once their transaction committed; aborted work is not counted. */
    public void committed(Map<String, Integer> outcomeCounts) {
        outcomeCounts.forEach((outcome, count) -> records.get(outcome).increment(count));
    }

    /** A non-empty poll returned {@code count} records: the batch size, and the queue depth until they commit. */
    public void polled(int count) {
        batch.record(count);
        queue.set(count);
    }

    /** The queue depth now (records in hand, uncommitted); 0 once the batch is done or given up. */
    public void inHand(long count) {
        queue.set(Math.max(0, count));
    }

    public void lag(long records) {
        lag.set(Math.max(0, records));
    }

    /**
     * The lag over {@code partitions}: the sum of each one's known lag. A partition without a fetch yet has no known
     * lag and counts 0 until its first fetch answers (a fresh consumer shows lag within one poll).
     */
    public static <P> long lagOf(Collection<P> partitions, Function<P, OptionalLong> lagOfPartition) {
        long sum = 0;
        for (P tp : partitions) {
            OptionalLong one = lagOfPartition.apply(tp);
            if (one.isPresent() && one.getAsLong() > 0) {
                sum += one.getAsLong();
            }
        }
        return sum;
    }

    /** Leaves the stage's lag and queue sums; the last loop of a stage to leave removes the gauges. Idempotent. */
    @Override
    public void close() {
        synchronized (SUMS) {
            if (closed) {
                return;
            }
            closed = true;
            leave(registry, LAG, stage, lagPart);
            leave(registry, QUEUE, stage, queuePart);
        }
    }

    private static void join(MeterRegistry registry, String name, String stage, LongSupplier part) {
        String description = name.equals(LAG)
                ? "Records in the assigned partitions not yet polled (log end or last stable offset minus position)"
                : "Records polled and not yet committed";
        synchronized (SUMS) {
            Sum sum = SUMS.computeIfAbsent(registry, r -> new HashMap<>()).computeIfAbsent(name + "|" + stage, k -> {
                Sum fresh = new Sum();
                fresh.gauge = Gauge.builder(name, fresh, Sum::value).description(description).tag("stage", stage)
                        .strongReference(true).register(registry);
                return fresh;
            });
            sum.parts.add(part);
        }
    }

    private static void leave(MeterRegistry registry, String name, String stage, LongSupplier part) {
        Map<String, Sum> sums = SUMS.get(registry);
        Sum sum = sums == null ? null : sums.get(name + "|" + stage);
        if (sum == null) {
            return;
        }
        sum.parts.remove(part);
        if (sum.parts.isEmpty()) {
            registry.remove(sum.gauge);
            sums.remove(name + "|" + stage);
        }
    }

    private static Counter counter(MeterRegistry registry, String stage, String outcome) {
        return Counter.builder(RECORDS)
                .description("Input records whose outcome was committed")
                .tags("stage", stage, "outcome", outcome)
                .register(registry);
    }

    /** One gauge's value: the sum of the parts its stage's live loops publish. */
    private static final class Sum {
        final Set<LongSupplier> parts = ConcurrentHashMap.newKeySet();
        Gauge gauge;

        double value() {
            return parts.stream().mapToLong(LongSupplier::getAsLong).sum();
        }
    }
}
