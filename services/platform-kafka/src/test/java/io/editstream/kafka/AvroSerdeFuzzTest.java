package io.editstream.kafka;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Fuzzes the Avro decoder every stage runs on the records it consumes: whatever the bytes, {@link AvroSerde#decode}
 * returns a record or throws its {@link SerializationException} (which the stage loop dead-letters); any other
 * exception, a hang or an out-of-memory is a bug. Half the inputs get a valid single-object header (marker and the
 * fingerprint of the chosen topic's schema) so the fuzzer reaches the body decoder instead of stopping at the header.
 * The committed inputs under {@code AvroSerdeFuzzTestInputs/} replay in every test run.
 */
class AvroSerdeFuzzTest {
    private static final List<Topic<? extends SpecificRecord>> TOPICS = List.of(Topics.EDIT_REQUESTED,
            Topics.GUIDANCE_PRODUCED, Topics.CUES_EXTRACTED, Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED,
            Topics.EDIT_SCORED, Topics.RATING_SUBMITTED, Topics.failed("fuzz"));
    private static final List<AvroSerde<? extends SpecificRecord>> SERDES = TOPICS.stream()
            .<AvroSerde<? extends SpecificRecord>>map(Topic::serde).toList();
    /** Each topic's 10-byte single-object header, taken from an encoding of its schema's fingerprint. */
    private static final List<byte[]> HEADERS = TOPICS.stream().map(AvroSerdeFuzzTest::header).toList();

    @FuzzTest(maxDuration = "30s")
    void decodeRefusesOnlyWithSerializationException(FuzzedDataProvider data) {
        int which = data.consumeInt(0, SERDES.size() - 1);
        boolean withHeader = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        byte[] bytes = withHeader ? concat(HEADERS.get(which), body) : body;
        try {
            SERDES.get(which).decode(bytes);
        } catch (SerializationException expected) {
            // the serde's refusal: the stage loop dead-letters the record
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] header(Topic<? extends SpecificRecord> topic) {
        org.apache.avro.Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(topic.type());
        long fp = org.apache.avro.SchemaNormalization.parsingFingerprint64(schema);
        byte[] h = new byte[10];
        h[0] = (byte) 0xC3;
        h[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fp >>> (8 * i));
        }
        return h;
    }
}
