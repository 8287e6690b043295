package io.editstream.enhancer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One side of a join waiting for its partner, as kept in a state store: when it arrived (wall clock),
 * its record timestamp, and the event's bytes exactly as read from Kafka.
 */
record PendingHalf(long arrivedAt, long recordTimestamp, byte[] event) {

    byte[] encode() {
        return ByteBuffer.allocate(16 + event.length).putLong(arrivedAt).putLong(recordTimestamp).put(event).array();
    }

    static PendingHalf decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new PendingHalf(buffer.getLong(), buffer.getLong(), Arrays.copyOfRange(bytes, 16, bytes.length));
    }
}
