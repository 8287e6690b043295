package io.editstream.enhancer;

import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.StageOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the enhancer does with a record it cannot decode: Kafka Streams' dead-letter support (KIP-1034)
 * sends, in the same transaction as the task's other output, the record byte for byte to
 * {@code enhancer.dlq} with the cause in {@code dlq.*} headers, and an EditFailed keyed by the record's key
 * (the request id) to {@code enhancer.edit.failed}, then resumes with the next record. A record without a
 * key names no request, so it only goes to the dead-letter topic.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private final FailureRecords failures = new FailureRecords(EnhancerEvents.STAGE);

    @Override
    public void configure(Map<String, ?> configs) {
        // Everything it needs is fixed by the stage: the topics derive from the service name.
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        StageOutcome.Failed<Object> failure = new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, exception, 1);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        out.add(failures.deadLetter(record, failure));
        String requestId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (requestId != null && !requestId.isBlank()) {
            out.add(failures.failed(record, requestId, null, failure, Instant.now()));
        }
        LOG.warn("request {}: undecodable record at {}-{}@{} dead-lettered: {}", requestId, record.topic(),
                record.partition(), record.offset(), failure.reason());
        return Response.resume(out);
    }
}
