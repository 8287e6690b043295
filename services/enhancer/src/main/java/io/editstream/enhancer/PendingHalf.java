package io.editstream.enhancer;

import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.SourceCoordinates;
import io.editstream.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One side of a join waiting for its partner, as kept in a state store: when it arrived (the wall clock the
 * punctuator also reads), its Kafka timestamp, where it was read from, its value exactly as read and the
 * event decoded from it. Stored as a 28-byte header followed by that value (the event's single-object
 * encoding), so the changelog stays readable by anyone with the event schema and a dead-letter copy of the
 * half is the original bytes, never a re-encoding.
 */
record PendingHalf<T extends SpecificRecord>(long arrivedAt, long upstreamAt, int partition, long offset, byte[] value,
                                             T event) {
    private static final int HEADER = Long.BYTES * 3 + Integer.BYTES;

    /** Where the half came from, to name in its dead-letter copy and in the request's failed status. */
    SourceCoordinates source(String topic, String requestId, Headers headers) {
        return new SourceCoordinates(topic, partition, offset, requestId.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    /** A serde for the halves of one topic's events. */
    static <T extends SpecificRecord> Serde<PendingHalf<T>> serde(Topic<T> topic) {
        AvroSerde<T> events = topic.serde();
        Serializer<PendingHalf<T>> serializer = (ignored, half) -> half == null ? null : encode(half);
        Deserializer<PendingHalf<T>> deserializer = (ignored, bytes) -> bytes == null ? null : decode(bytes, events);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] encode(PendingHalf<?> half) {
        return ByteBuffer.allocate(HEADER + half.value().length).putLong(half.arrivedAt()).putLong(half.upstreamAt())
                .putInt(half.partition()).putLong(half.offset()).put(half.value()).array();
    }

    private static <T extends SpecificRecord> PendingHalf<T> decode(byte[] bytes, AvroSerde<T> events) {
        if (bytes.length < HEADER) {
            throw new SerializationException("pending half of " + bytes.length + " bytes is shorter than its " + HEADER + "-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long arrivedAt = buffer.getLong();
        long upstreamAt = buffer.getLong();
        int partition = buffer.getInt();
        long offset = buffer.getLong();
        byte[] value = Arrays.copyOfRange(bytes, HEADER, bytes.length);
        return new PendingHalf<>(arrivedAt, upstreamAt, partition, offset, value, events.decode(value));
    }
}
