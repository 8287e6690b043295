package io.editstream.enhancer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.StageInfo;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a request's guidance and cues, whichever comes first, and fuses them once both are here. A half
 * that waits longer than the join window (by the wall clock, so it fires even when no other record
 * arrives) ends the request with an EditFailed naming the missing side; a partner that turns up after
 * that, or a second copy of a half, is dropped. Undecodable records and inputs the fuser rejects go to
 * the dead-letter topic with their cause, plus an EditFailed; the stream keeps running.
 */
final class JoinProcessor implements Processor<String, byte[], String, byte[]> {
    static final String GUIDANCE_STORE = "pending-guidance";
    static final String CUES_STORE = "pending-cues";
    static final String DONE_STORE = "finished-requests";
    private static final Logger LOG = LoggerFactory.getLogger(JoinProcessor.class);

    private final Fuser fuser;
    private final Duration window;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> guidance;
    private KeyValueStore<String, byte[]> cues;
    private KeyValueStore<String, Long> done;

    JoinProcessor(Fuser fuser, Duration window) {
        this.fuser = fuser;
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.guidance = context.getStateStore(GUIDANCE_STORE);
        this.cues = context.getStateStore(CUES_STORE);
        this.done = context.getStateStore(DONE_STORE);
        long every = Math.max(100, window.toMillis() / 10);
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        boolean isGuidance = topic.equals(Topics.GUIDANCE_PRODUCED.name());
        String id = record.key();
        try {
            // decode first: a poison record is reported even when its key is unusable
            if (isGuidance) {
                Topics.GUIDANCE_PRODUCED.serde().decode(record.value());
            } else {
                Topics.CUES_EXTRACTED.serde().decode(record.value());
            }
        } catch (RuntimeException e) {
            reject(record, topic, id, "undecodable record on " + topic + ": " + e.getMessage(), e);
            return;
        }
        if (id == null) {
            reject(record, topic, null, "record on " + topic + " has no key (the request id)", null);
            return;
        }
        if (done.get(id) != null) {
            LOG.info("request {}: {} arrived after the request ended; dropped", id, isGuidance ? "guidance" : "cues");
            return;
        }
        KeyValueStore<String, byte[]> mine = isGuidance ? guidance : cues;
        KeyValueStore<String, byte[]> theirs = isGuidance ? cues : guidance;
        if (mine.get(id) != null) {
            LOG.info("request {}: duplicate {} ignored", id, isGuidance ? "guidance" : "cues");
            return;
        }
        long now = context.currentSystemTimeMs();   // the same clock the punctuator sees
        byte[] partner = theirs.get(id);
        if (partner == null) {
            mine.put(id, new PendingHalf(now, record.timestamp(), record.value()).encode());
            return;
        }
        theirs.delete(id);
        done.put(id, now);
        PendingHalf other = PendingHalf.decode(partner);
        byte[] guidanceBytes = isGuidance ? record.value() : other.event();
        byte[] cuesBytes = isGuidance ? other.event() : record.value();
        fuse(record, topic, id, Topics.GUIDANCE_PRODUCED.serde().decode(guidanceBytes),
                Topics.CUES_EXTRACTED.serde().decode(cuesBytes), now);
    }

    private void fuse(Record<String, byte[]> record, String topic, String id, GuidanceProduced g, CuesExtracted c, long receivedAt) {
        try {
            Fuser.Fused fused = fuser.fuse(g, c);
            ConditioningProduced out = ConditioningProduced.newBuilder()
                    .setEventId(UUID.nameUUIDFromBytes(("enhancer/" + id).getBytes(StandardCharsets.UTF_8)).toString())
                    .setRequestId(id).setTenant(g.getTenant()).setOccurredAt(Instant.now()).setContext(g.getContext())
                    .setStage(StageInfo.newBuilder().setStage(Topics.ENHANCER).setModelId(fused.modelId())
                            .setModelVersion(fused.modelVersion()).setReceivedAt(Instant.ofEpochMilli(receivedAt))
                            .setUpstreamAt(Instant.ofEpochMilli(record.timestamp())).setModelMicros(fused.modelMicros())
                            .setIoMicros(fused.ioMicros()).build())
                    .setExplicitInstruction(g.getExplicitInstruction()).setReasoningType(g.getReasoningType())
                    .setMode(FusionMode.LEARNED_FUSION).setConditioning(fused.conditioning()).build();
            context.forward(new Record<>(id, Topics.CONDITIONING_PRODUCED.serde().encode(out), System.currentTimeMillis()),
                    EnhancerTopology.OUTPUT);
        } catch (RejectedInputException e) {
            reject(record, topic, id, e.getMessage(), e);
        } catch (Exception e) {
            // a transient fault (storage down...) fails this request rather than stalling every other one
            LOG.error("request {}: fusion failed", id, e);
            failed(id, g.getTenant(), "fusion failed: " + e.getMessage(), e.getClass().getName(), topic);
        }
    }

    private void expire(long now) {
        List<KeyValue<String, String>> expired = new ArrayList<>();
        collectExpired(guidance, now, "no cues from cue-extractor within " + window.toSeconds() + " s", expired);
        collectExpired(cues, now, "no guidance from reasoner within " + window.toSeconds() + " s", expired);
        for (KeyValue<String, String> e : expired) {
            guidance.delete(e.key);
            cues.delete(e.key);
            done.put(e.key, now);
            LOG.warn("request {} failed: {}", e.key, e.value);
            failed(e.key, "default", e.value, "JoinTimeout", "");
        }
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = done.all()) {
            it.forEachRemaining(kv -> {
                if (now - kv.value > 10 * window.toMillis()) {
                    forgotten.add(kv.key);
                }
            });
        }
        forgotten.forEach(done::delete);
    }

    private void collectExpired(KeyValueStore<String, byte[]> store, long now, String reason, List<KeyValue<String, String>> out) {
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (now - PendingHalf.decode(kv.value).arrivedAt() >= window.toMillis()) {
                    out.add(KeyValue.pair(kv.key, reason));
                }
            });
        }
    }

    private void reject(Record<String, byte[]> record, String topic, String id, String reason, Throwable cause) {
        String errorClass = cause == null ? "IllegalArgumentException" : cause.getClass().getName();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(FailureRecords.CAUSE, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(FailureRecords.ERROR_CLASS, errorClass.getBytes(StandardCharsets.UTF_8));
        headers.add(FailureRecords.SOURCE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> {
            headers.add(FailureRecords.SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(FailureRecords.SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        headers.add(FailureRecords.STAGE, Topics.ENHANCER.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), EnhancerTopology.DEAD_LETTER);
        LOG.warn("request {} dead-lettered: {}", id, reason);
        if (id != null) {
            done.put(id, context.currentSystemTimeMs());
            guidance.delete(id);
            cues.delete(id);
            failed(id, "default", reason, errorClass, topic);
        }
    }

    private void failed(String id, String tenant, String reason, String errorClass, String sourceTopic) {
        EditFailed event = EditFailed.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("enhancer-failed/" + id).getBytes(StandardCharsets.UTF_8)).toString())
                .setRequestId(id).setTenant(tenant).setOccurredAt(Instant.now()).setStage(Topics.ENHANCER)
                .setReason(reason).setErrorClass(errorClass).setSourceTopic(sourceTopic).build();
        context.forward(new Record<>(id, Topics.failed(Topics.ENHANCER).serde().encode(event), System.currentTimeMillis()),
                EnhancerTopology.FAILED);
    }
}
