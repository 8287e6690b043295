package io.editstream.kafka;

import io.editstream.events.EditFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the two records that end a request at a stage: the dead-letter copy (the original key and value
 * bytes untouched, the original headers kept, plus {@code dlq.*} headers saying why, where from and which
 * stage) and the {@link EditFailed} status keyed by the request id. The EditFailed event id is derived from
 * the source position, so reprocessing the same input after an aborted transaction yields the same id.
 */
public final class FailureRecords {
    public static final String CAUSE = "dlq.cause";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String STAGE = "dlq.stage";

    private final String service;
    private final String deadLetterTopic;
    private final Topic<EditFailed> failedTopic;
    private final AvroSerde<EditFailed> failedSerde;

    public FailureRecords(String service) {
        this.service = service;
        this.deadLetterTopic = Topics.deadLetter(service);
        this.failedTopic = Topics.failed(service);
        this.failedSerde = failedTopic.serde();
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public String failedTopic() {
        return failedTopic.name();
    }

    /** The raw input, byte for byte, with the cause in headers. */
    public ProducerRecord<byte[], byte[]> deadLetter(SourceCoordinates source, StageOutcome.Failed<?> failure) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        put(headers, CAUSE, failure.reason());
        put(headers, ERROR_CLASS, failure.cause().getClass().getName());
        put(headers, SOURCE_TOPIC, source.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        put(headers, STAGE, service);
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
    }

    /** The terminal status of the request, keyed like every other event by its request id. */
    public ProducerRecord<byte[], byte[]> failed(SourceCoordinates source, String requestId,
                                                 String tenant, StageOutcome.Failed<?> failure, Instant now) {
        EditFailed event = EditFailed.newBuilder()
                .setEventId(eventId(source))
                .setRequestId(requestId)
                .setTenant(tenant == null ? "default" : tenant)
                .setOccurredAt(now)
                .setStage(service)
                .setReason(failure.reason())
                .setErrorClass(failure.cause().getClass().getName())
                .setSourceTopic(source.topic())
                .build();
        return new ProducerRecord<>(failedTopic.name(), requestId.getBytes(StandardCharsets.UTF_8),
                failedSerde.encode(event));
    }

    /** Both records that end a request: the dead-letter copy, then the failed status. */
    public List<ProducerRecord<byte[], byte[]>> records(SourceCoordinates source, String requestId, String tenant,
                                                        StageOutcome.Failed<?> failure, Instant now) {
        return List.of(deadLetter(source, failure), failed(source, requestId, tenant, failure, now));
    }

    /** The one log line that says which request failed where, why, and where its records went. */
    public String line(SourceCoordinates source, String requestId, StageOutcome.Failed<?> failure) {
        return String.format("stage=%s requestId=%s outcome=%s source=%s errorClass=%s cause=%s -> %s and %s",
                service, requestId, failure.label(), source.position(), failure.cause().getClass().getName(),
                failure.reason(), deadLetterTopic, failedTopic.name());
    }

    private String eventId(SourceCoordinates source) {
        String position = service + "/" + source.topic() + "/" + source.partition() + "/" + source.offset();
        return UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
