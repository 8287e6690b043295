package io.editstream.enhancer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.RetryingHandler;
import io.editstream.kafka.SourceCoordinates;
import io.editstream.kafka.StageOutcome;
import io.editstream.kafka.Topics;
import io.editstream.tracing.TraceLogs;
import io.editstream.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a request's guidance and cues, whichever comes first, and fuses them as soon as both are here. The
 * first copy of a half wins; a half that waits longer than the join window (by the wall clock, so it fires
 * even when no other record ever arrives) ends its request with an EditFailed naming the missing side. A
 * request that has ended (joined, timed out or dead-lettered) is remembered for ten windows, so a late
 * partner or a re-sent half is dropped rather than opening a new wait. When the fuser refuses the pair, or
 * keeps failing, both halves go to the dead-letter topic with the cause and the request gets an EditFailed.
 * Values arrive as raw bytes and are decoded here, so an undecodable or unkeyed input is dead-lettered by the
 * same rule (and with the same bytes) as every other failure.
 */
final class JoinProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(JoinProcessor.class);
    private static final String GUIDANCE_TOPIC = Topics.GUIDANCE_PRODUCED.name();
    private static final String CUES_TOPIC = Topics.CUES_EXTRACTED.name();
    private static final int REMEMBER_WINDOWS = 10;

    private final Fuser fuser;
    private final RetryingHandler retrying;
    private final Duration window;
    private final Duration sweep;
    private final DeadLetters deadLetters = new DeadLetters();
    private final Tracing tracing;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PendingHalf<GuidanceProduced>> guidance;
    private KeyValueStore<String, PendingHalf<CuesExtracted>> cues;
    private KeyValueStore<String, Long> finished;

    JoinProcessor(Fuser fuser, RetryingHandler retrying, Duration window, Duration sweep, Tracing tracing) {
        this.fuser = fuser;
        this.tracing = tracing;
        this.retrying = retrying;
        this.window = window;
        this.sweep = sweep;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.guidance = context.getStateStore(EnhancerTopology.GUIDANCE_STORE);
        this.cues = context.getStateStore(EnhancerTopology.CUES_STORE);
        this.finished = context.getStateStore(EnhancerTopology.FINISHED_STORE);
        context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    /** Each input is a span of the enhancer, the child of the span that wrote it; the fusion's model and S3 steps are its children. */
    @Override
    public void process(Record<String, byte[]> record) {
        Context upstream = tracing.extract(record.headers(), record.key());
        Span span = tracing.start(EnhancerEvents.STAGE + " process", SpanKind.CONSUMER, upstream);
        try (Scope ignored = tracing.with(upstream, span).makeCurrent(); TraceLogs logs = TraceLogs.of(span)) {
            handle(record);
        } catch (RuntimeException e) {
            Tracing.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void handle(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        String id = record.key() == null || record.key().isBlank() ? null : record.key();
        SourceCoordinates source = new SourceCoordinates(meta.topic(), meta.partition(), meta.offset(),
                id == null ? null : id.getBytes(StandardCharsets.UTF_8), record.value(), record.headers());
        boolean isGuidance = meta.topic().equals(GUIDANCE_TOPIC);
        SpecificRecord event;
        try {
            event = isGuidance ? Topics.GUIDANCE_PRODUCED.serde().decode(record.value())
                    : Topics.CUES_EXTRACTED.serde().decode(record.value());
        } catch (SerializationException e) {
            deadLetters.fail(context, id, "default", List.of(source), source, DeadLetters.rejected(e));
            return;
        }
        if (id == null) {
            String reason = "record on " + meta.topic() + " has no key; the key must be the request id";
            deadLetters.fail(context, null, null, List.of(source), source, DeadLetters.rejected(new IllegalArgumentException(reason)));
            return;
        }
        String side = isGuidance ? "guidance" : "cues";
        if (finished.get(id) != null) {
            LOG.info("request {}: {} arrived after the request had ended; ignored", id, side);
            return;
        }
        long now = context.currentSystemTimeMs();   // the clock the punctuator reads, not stream time
        if (event instanceof GuidanceProduced g) {
            PendingHalf<GuidanceProduced> half = new PendingHalf<>(now, record.timestamp(), meta.partition(), meta.offset(), record.value(), g);
            PendingHalf<CuesExtracted> partner = cues.get(id);
            if (!keepFirst(id, side, guidance, half, partner)) {
                cues.delete(id);
                join(id, half, partner, source, now);
            }
        } else {
            PendingHalf<CuesExtracted> half = new PendingHalf<>(now, record.timestamp(), meta.partition(), meta.offset(), record.value(),
                    (CuesExtracted) event);
            PendingHalf<GuidanceProduced> partner = guidance.get(id);
            if (!keepFirst(id, side, cues, half, partner)) {
                guidance.delete(id);
                join(id, partner, half, source, now);
            }
        }
    }

    /** Stores the half when its partner is not here yet; true when there is nothing to join now. */
    private <T extends SpecificRecord> boolean keepFirst(String id, String side, KeyValueStore<String, PendingHalf<T>> mine,
                                                         PendingHalf<T> half, PendingHalf<?> partner) {
        if (mine.get(id) != null) {
            LOG.info("request {}: duplicate {} ignored, the first copy is kept", id, side);
            return true;
        }
        if (partner == null) {
            mine.put(id, half);
            LOG.debug("request {}: {} waits for its partner", id, side);
            return true;
        }
        return false;
    }

    /** {@code last} is the input that completed the pair, with its headers; the stored half's are not kept. */
    private void join(String id, PendingHalf<GuidanceProduced> g, PendingHalf<CuesExtracted> c, SourceCoordinates last, long now) {
        finished.put(id, now);
        StageOutcome<Fuser.Fused> outcome = fuse(id, g.event(), c.event());
        if (outcome instanceof StageOutcome.Produced<Fuser.Fused> produced) {
            long upstreamAt = last.topic().equals(GUIDANCE_TOPIC) ? g.upstreamAt() : c.upstreamAt();
            ConditioningProduced out = EnhancerEvents.conditioning(g.event(), produced.value(), Instant.ofEpochMilli(now),
                    Instant.ofEpochMilli(upstreamAt), Instant.ofEpochMilli(now));
            Headers headers = new RecordHeaders();
            tracing.published(Context.current(), Topics.CONDITIONING_PRODUCED.name(), headers);
            context.forward(new Record<>(id, out, now, headers), EnhancerTopology.OUTPUT);
            LOG.info("request {}: guidance and cues fused into {} (model {} µs, storage {} µs)", id,
                    produced.value().conditioning().getUri(), produced.value().modelMicros(), produced.value().ioMicros());
        } else if (outcome instanceof StageOutcome.Failed<Fuser.Fused> failed) {
            Span.current().setStatus(StatusCode.ERROR, failed.reason());
            boolean guidanceLast = last.topic().equals(GUIDANCE_TOPIC);
            SourceCoordinates gs = guidanceLast ? last : g.source(GUIDANCE_TOPIC, id, new RecordHeaders());
            SourceCoordinates cs = guidanceLast ? c.source(CUES_TOPIC, id, new RecordHeaders()) : last;
            deadLetters.fail(context, id, g.event().getTenant(), List.of(gs, cs), last, failed);
        }
    }

    private StageOutcome<Fuser.Fused> fuse(String id, GuidanceProduced g, CuesExtracted c) {
        try {
            return retrying.run(id, () -> {
                Fuser.Fused fused = fuser.fuse(g, c);
                return fused == null || fused.conditioning() == null ? null : fused;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Escapes the processor, so Streams aborts the transaction and the pair is joined again later.
            throw new IllegalStateException("interrupted while waiting to retry a fusion", e);
        }
    }

    private void sweep(long now) {
        expire(guidance, now, true, GUIDANCE_TOPIC, GuidanceProduced::getTenant);
        expire(cues, now, false, CUES_TOPIC, CuesExtracted::getTenant);
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = finished.all()) {
            it.forEachRemaining(kv -> {
                if (now - kv.value > REMEMBER_WINDOWS * window.toMillis()) {
                    forgotten.add(kv.key);
                }
            });
        }
        forgotten.forEach(finished::delete);
    }

    private <T extends SpecificRecord> void expire(KeyValueStore<String, PendingHalf<T>> store, long now, boolean guidanceArrived,
                                                   String topic, Function<T, String> tenant) {
        List<KeyValue<String, PendingHalf<T>>> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingHalf<T>> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (now - kv.value.arrivedAt() >= window.toMillis()) {
                    expired.add(kv);
                }
            });
        }
        for (KeyValue<String, PendingHalf<T>> kv : expired) {
            store.delete(kv.key);
            finished.put(kv.key, now);
            EditFailed event = EnhancerEvents.timedOut(kv.key, tenant.apply(kv.value.event()), guidanceArrived, window,
                    topic, Instant.ofEpochMilli(now));
            context.forward(new Record<>(kv.key, Topics.failed(EnhancerEvents.STAGE).serde().encode(event), now),
                    EnhancerTopology.FAILED);
            LOG.warn("request {} failed: {}", kv.key, event.getReason());
        }
    }
}
