package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.ImageRef;
import io.editstream.events.TensorRef;
import io.editstream.kafka.AvroSerde;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * ConditioningProduced grew BACKWARD- and FORWARD-compatibly for FLUX renderers: {@code pooled} was added as a nullable
 * TensorRef defaulting to null, so today's renderer reads events written before (no pooled projection), and a
 * renderer built before reads today's events (it ignores the field).
 */
class ConditioningSchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Schema before() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(ConditioningProduced.getClassSchema().toString());
        for (Iterator<JsonNode> it = ((ArrayNode) tree.get("fields")).elements(); it.hasNext(); ) {
            if (it.next().path("name").asText().equals("pooled")) {
                it.remove();
            }
        }
        return new Schema.Parser().parse(tree.toString());
    }

    @Test
    void eventsWrittenBeforeReadWithoutAPooledProjectionAndOldReadersReadTodays() throws Exception {
        Schema old = before();
        Schema now = ConditioningProduced.getClassSchema();
        assertThat(old.getField("pooled")).isNull();
        for (var result : List.of(SchemaCompatibility.checkReaderWriterCompatibility(now, old),
                SchemaCompatibility.checkReaderWriterCompatibility(old, now))) {
            assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }

        ConditioningProduced current = event().setPooled(tensor("s3://b/r/tensors/enhancer-pooled.bin", 768)).build();
        GenericRecord asOld = new GenericData.Record(old);
        byte[] today = new AvroSerde<>(ConditioningProduced.class).encode(current);
        GenericRecord generic = new GenericDatumReader<GenericRecord>(now).read(null,
                DecoderFactory.get().binaryDecoder(today, 10, today.length - 10, null));
        for (Schema.Field f : old.getFields()) {
            asOld.put(f.name(), GenericData.get().deepCopy(f.schema(), generic.get(f.name())));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld).array();
        ConditioningProduced read = new AvroSerde<>(ConditioningProduced.class).addWriterSchema(old).decode(bytes);
        assertThat(read.getPooled()).isNull();
        assertThat(read.getConditioning().getShape()).containsExactly(512L, 4096L);

        // an old reader resolving today's bytes (after the 10-byte single-object header) keeps every field it knows
        var body = DecoderFactory.get().binaryDecoder(today, 10, today.length - 10, null);
        GenericRecord seenByOld = new GenericDatumReader<GenericRecord>(now, old).read(null, body);
        assertThat(seenByOld.get("explicitInstruction").toString()).isEqualTo("make it night");
        assertThat(seenByOld.getSchema().getField("pooled")).isNull();
    }

    @Test
    void thePooledProjectionRoundTrips() {
        AvroSerde<ConditioningProduced> serde = new AvroSerde<>(ConditioningProduced.class);
        ConditioningProduced event = event().setPooled(tensor("s3://b/r/tensors/enhancer-pooled.bin", 768)).build();
        assertThat(serde.decode(serde.encode(event)).getPooled().getShape()).containsExactly(768L);
    }

    private static ConditioningProduced.Builder event() {
        ImageRef source = ImageRef.newBuilder().setUri("s3://b/r/source.png").setSha256("0".repeat(64)).setSizeBytes(10)
                .setWidth(64).setHeight(64).build();
        return ConditioningEvents.makeItNight("r", source, tensor("s3://b/r/tensors/enhancer.bin", 512, 4096), 4, FusionMode.TEXT_ENCODER);
    }

    private static TensorRef tensor(String uri, long... shape) {
        long size = 4;
        for (long d : shape) {
            size *= d;
        }
        return TensorRef.newBuilder().setUri(uri).setSha256("0".repeat(64)).setSizeBytes(size)
                .setShape(java.util.Arrays.stream(shape).boxed().toList()).setDtype(DType.FLOAT32).build();
    }
}
