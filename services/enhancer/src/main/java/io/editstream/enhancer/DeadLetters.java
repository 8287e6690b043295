package io.editstream.enhancer;

import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.SourceCoordinates;
import io.editstream.kafka.StageOutcome;
import io.editstream.tracing.Tracing;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhancer's side of the stages' failure contract, forwarded inside the Streams transaction: each input
 * that ends a request goes to the dead-letter topic byte for byte with the {@code dlq.*} headers, and the
 * request gets one EditFailed, exactly as {@link FailureRecords} builds them for the stage loops.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final FailureRecords failures = new FailureRecords(EnhancerEvents.STAGE);

    /**
     * Ends request {@code id} (null when the input names none: then there is only the dead-letter copy): every
     * one of {@code inputs} is dead-lettered, and the failed status derives its id from {@code last}, the
     * input that completed the request.
     */
    void fail(ProcessorContext<String, Object> context, String id, String tenant, List<SourceCoordinates> inputs,
              SourceCoordinates last, StageOutcome.Failed<?> failure) {
        long now = context.currentSystemTimeMs();
        for (SourceCoordinates input : inputs) {
            ProducerRecord<byte[], byte[]> dead = failures.deadLetter(input, failure);
            Tracing.inject(Context.current(), dead.headers());   // the enhancer's span, which recorded why
            context.forward(new Record<>(key(dead), dead.value(), now, dead.headers()), EnhancerTopology.DEAD_LETTER);
        }
        if (id != null) {
            ProducerRecord<byte[], byte[]> status = failures.failed(last, id, tenant, failure, Instant.ofEpochMilli(now));
            Tracing.inject(Context.current(), status.headers());
            context.forward(new Record<>(id, status.value(), now, status.headers()), EnhancerTopology.FAILED);
        }
        LOG.warn("request failed: {}", failures.line(last, id, failure));
    }

    /** An input that can never be processed (undecodable, unkeyed). */
    static StageOutcome.Failed<Object> rejected(Exception cause) {
        return new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, cause, 1);
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }
}
