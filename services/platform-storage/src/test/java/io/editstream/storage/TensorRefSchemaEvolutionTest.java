package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * TensorRef grew BACKWARD- and FORWARD-compatibly: {@code inline} is a nullable bytes field defaulting to null, so
 * today's readers take refs written before (no inline bytes: the object in storage) and readers built before
 * resolve today's events, skipping the bytes. Such a reader sees an {@code inline:} URI it cannot fetch, so readers
 * are upgraded before writers turn {@code s3.inlineTensorBytes} on.
 */
class TensorRefSchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code schema} as it was before: every TensorRef in it without {@code inline}. */
    static Schema before(Schema schema) throws Exception {
        JsonNode tree = JSON.readTree(schema.toString());
        dropInline(tree);
        return new Schema.Parser().parse(tree.toString());
    }

    private static void dropInline(JsonNode node) {
        if (node instanceof ObjectNode object && "TensorRef".equals(object.path("name").asText()) && object.has("fields")) {
            for (Iterator<JsonNode> it = ((ArrayNode) object.get("fields")).elements(); it.hasNext(); ) {
                if (it.next().path("name").asText().equals("inline")) {
                    it.remove();
                }
            }
        }
        node.elements().forEachRemaining(TensorRefSchemaEvolutionTest::dropInline);
    }

    @Test
    void everyEventCarryingATensorIsCompatibleBothWays() throws Exception {
        for (Schema now : List.of(TensorRef.getClassSchema(), CuesExtracted.getClassSchema(), GuidanceProduced.getClassSchema())) {
            Schema old = before(now);
            assertThat(old.toString()).doesNotContain("\"inline\"");
            for (var result : List.of(SchemaCompatibility.checkReaderWriterCompatibility(now, old),
                    SchemaCompatibility.checkReaderWriterCompatibility(old, now))) {
                assertThat(result.getType()).as(now.getName() + ": " + result.getDescription())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void aRefWrittenBeforeReadsAsStoredAndTodaysInlineRefIsSkippedByAnOldReader() throws Exception {
        Schema now = TensorRef.getClassSchema();
        Schema old = before(now);
        GenericRecord written = new GenericData.Record(old);
        written.put("uri", "s3://b/tenants/acme/requests/r/tensors/reasoner.bin");
        written.put("sha256", "0".repeat(64));
        written.put("sizeBytes", 8L);
        written.put("shape", List.of(2L));
        written.put("dtype", new GenericData.EnumSymbol(old.getField("dtype").schema(), "FLOAT32"));
        TensorRef read = new SpecificDatumReader<TensorRef>(old, now).read(null,
                DecoderFactory.get().binaryDecoder(encode(old, written, new GenericDatumWriter<>(old)), null));
        assertThat(read.getInline()).isNull();
        assertThat(TensorPlacement.isInline(read.getUri())).isFalse();

        TensorRef today = TensorRef.newBuilder().setUri("inline:tenants/acme/requests/r/tensors/reasoner.bin").setSha256("0".repeat(64))
                .setSizeBytes(4).setShape(List.of(1L)).setDtype(DType.FLOAT32).setInline(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).build();
        GenericRecord seenByOld = new GenericDatumReader<GenericRecord>(now, old).read(null,
                DecoderFactory.get().binaryDecoder(encode(now, today, new SpecificDatumWriter<>(now)), null));
        assertThat(seenByOld.get("uri").toString()).isEqualTo("inline:tenants/acme/requests/r/tensors/reasoner.bin");
        assertThat(seenByOld.get("sizeBytes")).isEqualTo(4L);
        assertThat(seenByOld.getSchema().getField("inline")).isNull();
    }

    private static <T> byte[] encode(Schema schema, T datum, org.apache.avro.io.DatumWriter<T> writer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
