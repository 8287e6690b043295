package io.editstream.kafka;

import io.editstream.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume → process → produce → commit loop of a stage, on its own thread "{@code <service>-loop}".
 * Records of a poll are handled one at a time; their answers (output, or dead-letter copy plus EditFailed)
 * are committed together with the input offsets in one producer transaction per batch, or as soon as the
 * open transaction has gathered for {@link #COMMIT_AFTER}, so slow model stages publish each result at once. A
 * failed transaction is aborted and the consumer rewound to the committed offsets, so every input gets
 * exactly one committed answer even across crashes and restarts. An {@link Error} stops the loop unhealthy.
 */
public final class StageLoop<I extends SpecificRecord, O extends SpecificRecord> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
    static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    /** Once gathering a commit took this long (handler time included), it is committed before the next record. */
    public static final Duration COMMIT_AFTER = Duration.ofSeconds(1);
    private static final Duration LAG_REFRESH_TIMEOUT = Duration.ofSeconds(2);

    private final StageLoopConfig cfg;
    private final Topic<I> input;
    private final RecordProcessor<I, O> processor;
    private final StageMetrics metrics;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean running;
    private volatile long lastPollNanos;
    private volatile Thread thread;
    private TransactionalSender sender;

    public StageLoop(StageLoopConfig cfg, Topic<I> input, Topic<O> output, StageHandler<I, O> handler,
                     MeterRegistry registry) {
        this(cfg, input, output, handler, registry, null);
    }

    /** {@code tracing} is the service's tracer; null for one that exports nothing. */
    public StageLoop(StageLoopConfig cfg, Topic<I> input, Topic<O> output, StageHandler<I, O> handler,
                     MeterRegistry registry, Tracing tracing) {
        this.cfg = Objects.requireNonNull(cfg, "config");
        this.input = Objects.requireNonNull(input, "input topic");
        this.metrics = new StageMetrics(registry == null ? new SimpleMeterRegistry() : registry, cfg.service());
        this.processor = new RecordProcessor<>(cfg.service(), input, Objects.requireNonNull(output, "output topic"),
                Objects.requireNonNull(handler, "handler"), RetryingHandler.of(cfg), metrics, Clock.systemUTC(),
                tracing == null ? Tracing.local(cfg.service()) : tracing);
    }

    /** Starts the poll thread and returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("stage loop " + cfg.service() + " already started");
        }
        running = true;
        lastPollNanos = System.nanoTime();
        thread = new Thread(this::run, cfg.service() + "-loop");
        thread.start();
    }

    /** True while the poll thread is alive and has polled within the max poll interval. */
    public boolean isHealthy() {
        Thread t = thread;
        return running && t != null && t.isAlive()
                && System.nanoTime() - lastPollNanos < cfg.maxPollInterval().toNanos();
    }

    /** Input records whose output or failure has been committed by this instance. */
    public long processedCount() {
        return processed.get();
    }

    /** Lets the record in hand finish and commit, then closes the clients; uncommitted inputs are left for the group. */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t == null) {
            metrics.close();
            return;
        }
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(cfg.maxPollInterval().toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("stage {} loop did not stop within its max poll interval; leaving it to finish", cfg.service());
        }
    }

    /**
     * Polls until closed. A loop whose clients fail in a way they cannot recover from (a fenced producer, a consumer
     * error) starts over with fresh clients after a pause, rather than leaving a live process that consumes nothing:
     * the new consumer resumes at the group's committed offsets, and the new producer fences the old one. An
     * {@link Error} (a crash in native inference, out of memory) ends the loop: the service reports itself unhealthy
     * and is replaced, since this JVM may no longer be sound. A loop that ended stops reporting lag and queue.
     */
    private void run() {
        try {
            runUntilStopped();
        } finally {
            metrics.close();
        }
    }

    private void runUntilStopped() {
        long pauseMs = 1000;
        while (running) {
            try {
                if (pollUntilStopped()) {
                    pauseMs = 1000;
                }
            } catch (InterruptedException e) {
                LOG.warn("stage {} loop interrupted; uncommitted records will be reprocessed", cfg.service());
                running = false;
                return;
            } catch (Error e) {
                LOG.error("stage {} loop died; uncommitted records will be reprocessed by the group", cfg.service(), e);
                running = false;
                return;
            } catch (RuntimeException e) {
                LOG.error("stage {} loop failed; uncommitted records will be reprocessed; starting over with new clients in {} ms",
                        cfg.service(), pauseMs, e);
            }
            if (running) {
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    running = false;
                    return;
                }
                pauseMs = Math.min(30_000, pauseMs * 2);
            }
        }
    }

    /** One life of the loop's clients; true when it committed anything (so a later failure pauses briefly again). */
    private boolean pollUntilStopped() throws InterruptedException {
        long before = processed.get();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(StageClients.consumer(cfg, instanceId))) {
            sender = new TransactionalSender(cfg, () -> running);
            consumer.subscribe(List.of(input.name()));
            FailureRecords names = new FailureRecords(cfg.service());
            LOG.info("stage {} loop started: input={} output/failed/dlq={}/{}/{} group={} transactionalId={}",
                    cfg.service(), input.name(), processor.outputTopic(), names.failedTopic(), names.deadLetterTopic(),
                    cfg.groupId(), sender.transactionalId());
            while (running) {
                lastPollNanos = System.nanoTime();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                updateLag(consumer);
                if (!records.isEmpty()) {
                    processBatch(consumer, records);
                }
            }
            LOG.info("stage {} loop stopped after {} committed records", cfg.service(), processed.get());
        } finally {
            if (sender != null) {
                sender.close();
                sender = null;
            }
        }
        return processed.get() > before;
    }

    private void processBatch(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records)
            throws InterruptedException {
        long receivedAt = System.currentTimeMillis();
        // Where each partition stands committed: the batch start, moved on by every commit inside the batch.
        Map<TopicPartition, Long> committedTo = new HashMap<>();
        records.partitions().forEach(tp -> committedTo.put(tp, records.records(tp).get(0).offset()));
        metrics.polled(records.count());
        int inHand = records.count();
        try {
            PendingCommit pending = new PendingCommit();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (!running) {
                    break;
                }
                RecordProcessor.Result result = processor.process(record, receivedAt);
                pending.add(record, result.records(), result.outcome(), result.failureLine());
                if (pending.elapsed().compareTo(COMMIT_AFTER) >= 0) {
                    if (!commit(consumer, pending, committedTo)) {
                        rewind(consumer, committedTo);
                        return;
                    }
                    inHand -= pending.inputs();
                    metrics.inHand(inHand);
                    refreshLag(consumer);
                    pending = new PendingCommit();
                }
            }
            if (!pending.isEmpty() && !commit(consumer, pending, committedTo)) {
                rewind(consumer, committedTo);
            }
        } finally {
            // committed, or rewound / left for the group: either way no longer in this loop's hands
            metrics.inHand(0);
        }
    }

    /** On the loop thread, from the consumer's last fetch (no broker call): lag of the partitions it holds now. */
    private void updateLag(KafkaConsumer<byte[], byte[]> consumer) {
        metrics.lag(StageMetrics.lagOf(consumer.assignment(), consumer::currentLag));
    }

    /**
     * Mid-batch, after a commit of a slow batch: the consumer fetches only in poll, so a batch of minutes-long renders
     * would leave the lag as it was when the batch began. One end-offsets request (the last stable offset under
     * read_committed) per such commit keeps it current; if the broker does not answer in time the last value stands.
     */
    private void refreshLag(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, LAG_REFRESH_TIMEOUT);
            metrics.lag(StageMetrics.lagOf(assigned, tp -> ends.containsKey(tp)
                    ? OptionalLong.of(ends.get(tp) - consumer.position(tp, LAG_REFRESH_TIMEOUT)) : OptionalLong.empty()));
        } catch (KafkaException e) {
            LOG.debug("stage {} lag not refreshed: {}", cfg.service(), e.toString());
        }
    }

    private boolean commit(KafkaConsumer<byte[], byte[]> consumer, PendingCommit pending,
                           Map<TopicPartition, Long> committedTo) throws InterruptedException {
        try {
            sender.commit(pending, consumer.groupMetadata());
        } catch (KafkaException e) {
            LOG.warn("stage {} transaction of {} records aborted ({}); rewinding to committed offsets",
                    cfg.service(), pending.inputs(), e.toString());
            sender.recover();
            return false;
        }
        pending.offsets().forEach((tp, offset) -> committedTo.put(tp, offset.offset()));
        processed.addAndGet(pending.inputs());
        metrics.committed(pending.outcomes());
        pending.failureLines().forEach(line -> LOG.warn("request failed: {}", line));
        return true;
    }

    /**
     * Seeks the batch's partitions back to the group's committed offsets; if the broker cannot say, to the
     * offsets this loop last committed, which are the same unless the group moved on without us.
     */
    private void rewind(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> committedTo) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(committedTo.keySet(), Duration.ofSeconds(30));
        } catch (KafkaException e) {
            LOG.warn("stage {} cannot read committed offsets ({}); rewinding to the last known", cfg.service(), e.toString());
            committed = Map.of();
        }
        // a rebalance during the failed commit may have taken some of them away: those are the new owner's to read
        Set<TopicPartition> assigned = consumer.assignment();
        for (Map.Entry<TopicPartition, Long> entry : committedTo.entrySet()) {
            if (!assigned.contains(entry.getKey())) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(entry.getKey());
            consumer.seek(entry.getKey(), offset != null ? offset.offset() : entry.getValue());
        }
    }
}
