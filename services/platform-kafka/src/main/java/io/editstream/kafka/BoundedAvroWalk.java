package io.editstream.kafka;

import java.io.EOFException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body with its writer schema, checking every declared length and item count against the
 * bytes that are actually left, before Avro's decoder allocates for them. Avro's own skip is not enough: it jumps
 * over a map or array block by its declared byte size, so the lengths inside a forged block go unchecked, and the
 * decoder then allocates a string of whatever length one claims (Jazzer found both).
 */
final class BoundedAvroWalk {
    /** Items a block may declare beyond the bytes left, for items that take no bytes (nulls, empty records). */
    private static final long ZERO_BYTE_ITEMS = 65_536;

    private final ByteBuffer in;

    private BoundedAvroWalk(ByteBuffer in) {
        this.in = in;
    }

    /** Throws {@link EOFException} when a length or count declared in {@code body} runs past its end. */
    static void check(Schema writer, byte[] body, int offset, int length) throws EOFException {
        try {
            new BoundedAvroWalk(ByteBuffer.wrap(body, offset, length)).walk(writer);
        } catch (java.nio.BufferUnderflowException e) {
            throw new EOFException("record ends inside a value");
        }
    }

    private void walk(Schema schema) throws EOFException {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> in.get();
            case INT, LONG, ENUM -> varLong();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case FIXED -> skip(schema.getFixedSize());
            case STRING, BYTES -> skip(length());
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema());
                }
            }
            case UNION -> {
                long branch = varLong();
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw new EOFException("union branch " + branch + " is not one of " + schema.getTypes().size());
                }
                walk(schema.getTypes().get((int) branch));
            }
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
        }
    }

    private void blocks(Schema item, boolean keyed) throws EOFException {
        for (long count = varLong(); count != 0; count = varLong()) {
            if (count < 0) {
                count = -count;
                length();   // the block's byte size: read, checked, and not trusted
            }
            if (count > in.remaining() + ZERO_BYTE_ITEMS) {
                throw new EOFException("a block declares " + count + " items in " + in.remaining() + " bytes");
            }
            for (long i = 0; i < count; i++) {
                if (keyed) {
                    skip(length());
                }
                walk(item);
            }
        }
    }

    private int length() throws EOFException {
        long length = varLong();
        if (length < 0 || length > in.remaining()) {
            throw new EOFException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        return (int) length;
    }

    private void skip(int n) throws EOFException {
        if (n > in.remaining()) {
            throw new EOFException("a " + n + "-byte value with " + in.remaining() + " bytes left");
        }
        in.position(in.position() + n);
    }

    /** Avro's zig-zag varint long. */
    private long varLong() throws EOFException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.get() & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new EOFException("a varint longer than 10 bytes");
    }
}
