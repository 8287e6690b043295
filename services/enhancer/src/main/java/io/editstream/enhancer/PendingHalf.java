package io.editstream.enhancer;

import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.Topic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One side of a join waiting for its partner, as kept in a state store: when it arrived (the wall clock the
 * punctuator also reads), its Kafka timestamp, where it was read from (so a dead-letter copy can name its
 * source) and the Avro event itself. Stored as a 28-byte header followed by the event's single-object
 * encoding, so the changelog stays readable by anyone with the event schema.
 */
record PendingHalf<T extends SpecificRecord>(long arrivedAt, long upstreamAt, int partition, long offset, T event) {
    private static final int HEADER = Long.BYTES * 3 + Integer.BYTES;

    /** A serde for the halves of one topic's events. */
    static <T extends SpecificRecord> Serde<PendingHalf<T>> serde(Topic<T> topic) {
        AvroSerde<T> events = topic.serde();
        Serializer<PendingHalf<T>> serializer = (ignored, half) -> half == null ? null : encode(half, events);
        Deserializer<PendingHalf<T>> deserializer = (ignored, bytes) -> bytes == null ? null : decode(bytes, events);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static <T extends SpecificRecord> byte[] encode(PendingHalf<T> half, AvroSerde<T> events) {
        byte[] event = events.encode(half.event());
        return ByteBuffer.allocate(HEADER + event.length).putLong(half.arrivedAt()).putLong(half.upstreamAt())
                .putInt(half.partition()).putLong(half.offset()).put(event).array();
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
        return new PendingHalf<>(arrivedAt, upstreamAt, partition, offset, events.decode(Arrays.copyOfRange(bytes, HEADER, bytes.length)));
    }
}
