package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.StageOutcome;
import io.editstream.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns a failed join into the stage's failure records, with the same {@code dlq.*} headers and EditFailed
 * ids as the transactional stage loop writes: each half goes to the dead-letter topic as it was read (its
 * source topic, partition and offset kept in the pending store; the event re-encoded with the current
 * schema, which is what replaying it needs), and the request gets one EditFailed.
 */
final class DeadLetters {
    private final FailureRecords failures;

    DeadLetters(FailureRecords failures) {
        this.failures = failures;
    }

    /** One half to the dead-letter topic, with the cause in its headers. */
    void send(ProcessorContext<String, Object> context, String id, String topic, PendingHalf<?> half, Headers headers,
              StageOutcome.Failed<?> failure) {
        ProducerRecord<byte[], byte[]> dead = failures.deadLetter(source(id, topic, half, headers), failure);
        context.forward(new Record<>(id, dead.value(), context.currentSystemTimeMs(), dead.headers()), EnhancerTopology.DEAD_LETTER);
    }

    /** The request's terminal status, derived from the half that completed the pair. */
    void failed(ProcessorContext<String, Object> context, String id, String topic, PendingHalf<?> half, String tenant,
                StageOutcome.Failed<?> failure, long now) {
        ProducerRecord<byte[], byte[]> status = failures.failed(source(id, topic, half, new RecordHeaders()), id, tenant,
                failure, Instant.ofEpochMilli(now));
        context.forward(new Record<>(id, status.value(), now), EnhancerTopology.FAILED);
    }

    /** A decodable event without a request id: it can only be dead-lettered, there is no request to fail. */
    void unkeyed(ProcessorContext<String, Object> context, Record<String, SpecificRecord> record, RecordMetadata meta) {
        PendingHalf<?> half = new PendingHalf<>(context.currentSystemTimeMs(), record.timestamp(), meta.partition(),
                meta.offset(), record.value());
        String reason = "record on " + meta.topic() + " has no key; the key must be the request id";
        var failure = new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, new IllegalArgumentException(reason), 1);
        ProducerRecord<byte[], byte[]> dead = failures.deadLetter(source(null, meta.topic(), half, record.headers()), failure);
        context.forward(new Record<>(null, dead.value(), context.currentSystemTimeMs(), dead.headers()), EnhancerTopology.DEAD_LETTER);
    }

    private static ConsumerRecord<byte[], byte[]> source(String id, String topic, PendingHalf<?> half, Headers headers) {
        byte[] key = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
        byte[] value = encode(half.event());
        return new ConsumerRecord<>(topic, half.partition(), half.offset(), half.upstreamAt(), TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value.length, key, value, headers, Optional.empty());
    }

    private static byte[] encode(SpecificRecord event) {
        if (event instanceof GuidanceProduced g) {
            return Topics.GUIDANCE_PRODUCED.serde().encode(g);
        }
        if (event instanceof CuesExtracted c) {
            return Topics.CUES_EXTRACTED.serde().encode(c);
        }
        throw new IllegalArgumentException("the enhancer does not read " + event.getClass().getName());
    }
}
