package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Single-object Avro encoding: round trips, clear errors for foreign bytes, and BACKWARD-compatible reads of older writers. */
class AvroSerdeTest {

    @Test
    void roundTripKeepsEveryFieldIncludingNestedTimestamps() {
        AvroSerde<EditRequested> serde = Topics.EDIT_REQUESTED.serde();
        EditRequested event = TestEvents.request("req-1", "make the sky purple");

        byte[] bytes = serde.serialize("any", event);
        EditRequested back = serde.deserialize("any", bytes);

        assertThat(back).isEqualTo(event);
        assertThat(back.getContext().getSubmittedAt()).isEqualTo(event.getContext().getSubmittedAt());
        // Single-object encoding: marker C3 01 then the 8-byte fingerprint of the writer schema.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void garbageBytesFailWithAClearSerializationException() {
        AvroSerde<EditRequested> serde = Topics.EDIT_REQUESTED.serde();
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserialize("t", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode EditRequested");
        assertThatThrownBy(() -> serde.decode(null))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("null value");
    }

    @Test
    void recordOfAnotherSchemaIsRejectedByFingerprint() {
        byte[] failedBytes = Topics.failed("x").serde().encode(failedEvent());

        assertThatThrownBy(() -> Topics.EDIT_REQUESTED.serde().decode(failedBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("EditRequested");
    }

    @Test
    void readsRecordsOfAnOlderWriterSchemaOnceRegistered() throws Exception {
        // EditFailed as it was before errorClass and sourceTopic (both defaulted) were added.
        Schema v1 = SchemaBuilder.record("EditFailed").namespace("io.editstream.events").fields()
                .requiredString("eventId").requiredString("requestId")
                .name("tenant").type().stringType().stringDefault("default")
                .name("occurredAt").type(org.apache.avro.LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredString("stage").requiredString("reason")
                .endRecord();
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e1");
        old.put("requestId", "r1");
        old.put("tenant", "t1");
        old.put("occurredAt", 1_700_000_000_000L);
        old.put("stage", "reasoner");
        old.put("reason", "model missing");
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] oldBytes = new byte[buffer.remaining()];
        buffer.get(oldBytes);

        AvroSerde<EditFailed> current = Topics.failed("reasoner").serde();
        assertThatThrownBy(() -> current.decode(oldBytes)).isInstanceOf(SerializationException.class);

        EditFailed read = current.addWriterSchema(v1).decode(oldBytes);
        assertThat(read.getRequestId()).isEqualTo("r1");
        assertThat(read.getReason()).isEqualTo("model missing");
        assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getErrorClass()).isEmpty();
        assertThat(read.getSourceTopic()).isEmpty();
    }

    static EditFailed failedEvent() {
        return EditFailed.newBuilder().setEventId("e").setRequestId("r").setOccurredAt(Instant.ofEpochMilli(5))
                .setStage("s").setReason("why").build();
    }
}
