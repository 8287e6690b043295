package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.DType;
import io.editstream.events.EditOptions;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * GuidanceProduced grew BACKWARD-compatibly for reasoners without hidden states: {@code guidance} became nullable
 * (default null) and {@code objects} and {@code rationale} were added with defaults, so today's readers resolve
 * records written before, and an event without guidance round-trips.
 */
class GuidanceSchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The schema before: guidance a plain TensorRef, no objects, no rationale. */
    static Schema before() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(GuidanceProduced.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) tree.get("fields");
        for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
            JsonNode field = it.next();
            String name = field.path("name").asText();
            if (name.equals("objects") || name.equals("rationale")) {
                it.remove();
            } else if (name.equals("guidance")) {
                ObjectNode f = (ObjectNode) field;
                f.set("type", field.get("type").get(1));
                f.remove("default");
            }
        }
        return new Schema.Parser().parse(tree.toString());
    }

    @Test
    void eventsWrittenBeforeAreStillRead() throws Exception {
        Schema old = before();
        assertThat(old.getField("guidance").schema().getType()).isEqualTo(Schema.Type.RECORD);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(GuidanceProduced.getClassSchema(), old);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);

        // a record written with the old schema, read by today's serde once the old schema is known to it
        GuidanceProduced current = event(tensor());
        GenericRecord asOld = new GenericData.Record(old);
        for (Schema.Field f : old.getFields()) {
            asOld.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(current).get(f.name())));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld).array();
        GuidanceProduced read = new AvroSerde<>(GuidanceProduced.class).addWriterSchema(old).decode(bytes);
        assertThat(read.getGuidance().getUri()).isEqualTo("s3://b/tensors/r/reasoner.bin");
        assertThat(read.getObjects()).isEmpty();
        assertThat(read.getRationale()).isEmpty();
    }

    @Test
    void anEventWithoutGuidanceRoundTrips() {
        AvroSerde<GuidanceProduced> serde = new AvroSerde<>(GuidanceProduced.class);
        GuidanceProduced event = event(null);
        event.setObjects(List.of("red ball"));
        event.setRationale("a ball left in the sun melts");
        GuidanceProduced read = serde.decode(serde.encode(event));
        assertThat(read.getGuidance()).isNull();
        assertThat(read.getObjects()).containsExactly("red ball");
        assertThat(read.getRationale()).isEqualTo("a ball left in the sun melts");
    }

    private static GenericRecord toGeneric(GuidanceProduced event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<GuidanceProduced>(GuidanceProduced.getClassSchema()).write(event, encoder);
        encoder.flush();
        var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(GuidanceProduced.getClassSchema()).read(null, decoder);
    }

    private static TensorRef tensor() {
        return TensorRef.newBuilder().setUri("s3://b/tensors/r/reasoner.bin").setSha256("0".repeat(64)).setSizeBytes(2048)
                .setShape(List.of(8L, 64L)).setDtype(DType.FLOAT32).build();
    }

    private static GuidanceProduced event(TensorRef guidance) {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        ImageRef source = ImageRef.newBuilder().setUri("s3://b/requests/r/source.png").setSha256("0".repeat(64)).setSizeBytes(10)
                .setWidth(64).setHeight(64).build();
        RequestContext context = RequestContext.newBuilder().setSource(source).setInstruction("what if the ball melted")
                .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(now).build();
        StageInfo stage = StageInfo.newBuilder().setStage("reasoner").setModelId("m").setModelVersion("1").setReceivedAt(now)
                .setUpstreamAt(now).build();
        return GuidanceProduced.newBuilder().setEventId("e").setRequestId("r").setOccurredAt(now).setContext(context).setStage(stage)
                .setExplicitInstruction("melt the red ball").setReasoningType(ReasoningType.PHYSICAL).setReasoningConfidence(1f)
                .setGuidance(guidance).build();
    }
}
