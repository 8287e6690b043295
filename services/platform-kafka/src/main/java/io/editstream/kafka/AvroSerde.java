package io.editstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a 2-byte marker and the 8-byte schema fingerprint before the body), so
 * a reader knows which writer schema made a record without a registry. Older writer schemas can be
 * registered with {@link #addWriterSchema} to read records written before a schema evolved.
 *
 * <p>Avro allocates a string, bytes or array of the length a record declares before reading it, so a forged length
 * (2^31 in a 20-byte record) is an out-of-memory in the stage, not a bad record. {@link #decode} therefore first skips
 * through the body with the writer schema on a decoder bounded by the record's bytes: skipping allocates nothing, and a
 * length past the end is an {@link EOFException}, reported like any undecodable record as a
 * {@link SerializationException} (which the stage loop dead-letters). Every array in the schemas has items of at least
 * one byte, so the skip also ends within the record's length.
 *
 * <p>A topic's serde (one with a subject) writes the Confluent wire format instead (magic byte 0, the schema's 4-byte
 * registry id, the Avro body) while a {@link SchemaRegistry} is active, and reads both encodings whatever is active, so
 * producers can move from one to the other while consumers keep reading.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    /** The single-object header: the marker C3 01 and the writer schema's 8-byte fingerprint (little-endian). */
    private static final int HEADER_BYTES = 10;
    /** The Confluent header: magic byte 0 and the 4-byte (big-endian) schema id. */
    private static final int CONFLUENT_HEADER_BYTES = 5;
    private final SpecificData model;
    private final Schema schema;
    private final String subject;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Class<T> type;
    /** The schemas this serde reads, by the fingerprint the single-object header carries. */
    private final Map<Long, Schema> writers = new ConcurrentHashMap<>();

    /** A serde that always writes the single-object encoding (a store's, never a topic's). */
    public AvroSerde(Class<T> type) {
        this(type, null);
    }

    /** A serde for a topic's values, registered under {@code subject} while a schema registry is active. */
    public AvroSerde(Class<T> type, String subject) {
        this.type = type;
        this.subject = subject;
        // The generated class's own model carries its logical-type conversions (timestamps as Instant).
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }

    /** Lets this serde read records written with an earlier version of the schema. */
    public AvroSerde<T> addWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        writers.put(SchemaNormalization.parsingFingerprint64(writerSchema), writerSchema);
        return this;
    }

    public byte[] encode(T value) {
        SchemaRegistry registry = subject == null ? null : SchemaRegistry.current();
        if (registry != null) {
            return encodeConfluent(registry, value);
        }
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("empty " + type.getSimpleName() + " record (null value)");
        }
        try {
            if (bytes.length >= CONFLUENT_HEADER_BYTES && bytes[0] == 0) {
                return decodeConfluent(bytes);
            }
            requireLengthsWithin(bytes);
            return decoder.decode(bytes);
        } catch (EOFException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": the " + bytes.length
                    + "-byte record is truncated or declares a length past its end", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] encodeConfluent(SchemaRegistry registry, T value) {
        try {
            int id = registry.idFor(subject, schema);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(schema, model).write(value, body);
            body.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw e instanceof SerializationException s ? s
                    : new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A Confluent-framed record: its writer schema from the registry, the body bounded-checked, then resolved to ours. */
    private T decodeConfluent(byte[] bytes) throws IOException {
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SchemaRegistry registry = SchemaRegistry.current();
        if (registry == null) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": the record is in the Confluent wire format"
                    + " (schema id " + id + ") and no schema registry is configured (kafka.schemaRegistry.url)");
        }
        Schema writer = registry.schema(id);
        BoundedAvroWalk.check(writer, bytes, CONFLUENT_HEADER_BYTES, bytes.length - CONFLUENT_HEADER_BYTES);
        BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, CONFLUENT_HEADER_BYTES, bytes.length - CONFLUENT_HEADER_BYTES, null);
        return new SpecificDatumReader<T>(writer, schema, model).read(null, body);
    }

    /**
     * Walks the body with its writer schema, bounded by the record's bytes: an {@link EOFException} when a
     * declared length or item count runs past the end. A header that is not a known schema's is left to the decoder to report.
     */
    private void requireLengthsWithin(byte[] bytes) throws EOFException {
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return;
        }
        Schema writer = writers.get(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        if (writer != null) {
            BoundedAvroWalk.check(writer, bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schema comes from the generated class
    }

    @Override
    public void close() {
        // nothing held: encoder and decoder are plain objects
    }
}
