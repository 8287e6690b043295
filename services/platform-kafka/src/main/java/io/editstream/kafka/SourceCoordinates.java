package io.editstream.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where an input record came from and its bytes as read: what a dead-letter copy and a failed status need,
 * whether the input came through a stage loop's consumer or a Kafka Streams processor. {@code value} is the
 * raw record value, never re-encoded, so a dead-lettered record can be replayed byte for byte.
 */
public record SourceCoordinates(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {

    public SourceCoordinates {
        headers = headers == null ? new RecordHeaders() : headers;
    }

    public static SourceCoordinates of(ConsumerRecord<byte[], byte[]> record) {
        return new SourceCoordinates(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                record.headers());
    }

    /** topic-partition@offset, as the logs write a position. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
