package io.editstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.EditFailed;
import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.SchemaRegistry;
import io.editstream.kafka.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Confluent wire format against a stand-in for a Confluent-compatible registry (its REST API): writers register
 * under the topic's subject with BACKWARD compatibility, records are magic byte 0 + the schema id + the Avro body,
 * and readers take both that and the single-object encoding, so a topic can move from one to the other.
 */
class ConfluentWireFormatTest {
    private static final String TOPIC = Topics.failed(Topics.REASONER).name();
    private SchemaRegistryStandIn registry;

    @BeforeEach
    void start() throws Exception {
        registry = new SchemaRegistryStandIn();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static EditFailed failed(String id) {
        return EditFailed.newBuilder().setEventId("e-" + id).setRequestId(id).setTenant("acme").setStage("reasoner")
                .setReason("no image").setErrorClass("X").setOccurredAt(Instant.parse("2026-12-04T10:00:00Z")).build();
    }

    @Test
    void aServiceRegistersItsTopicsAtStartAndWritesTheConfluentFrame() throws Exception {
        AvroSerde<EditFailed> serde = Topics.failed(Topics.REASONER).serde();
        byte[] before = serde.encode(failed("r-0"));   // written before the migration: single-object encoding
        assertThat(before[0]).isEqualTo((byte) 0xC3);

        try (AutoCloseable handle = SchemaRegistry.forService(Map.of("schemaRegistry", Map.of("url", registry.url())),
                List.of(Topics.failed(Topics.REASONER)))) {
            assertThat(registry.subjects()).containsOnlyKeys(TOPIC + "-value");
            assertThat(registry.compatibility(TOPIC + "-value")).isEqualTo("BACKWARD");
            int id = registry.subjects().get(TOPIC + "-value").get(0);

            byte[] framed = serde.encode(failed("r-1"));
            assertThat(framed[0]).isZero();
            assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);
            assertThat(serde.decode(framed)).isEqualTo(failed("r-1"));
            // a reader during the migration takes the old encoding too
            assertThat(serde.decode(before)).isEqualTo(failed("r-0"));
            // a store's serde (no subject) keeps the single-object encoding
            assertThat(new AvroSerde<>(EditFailed.class).encode(failed("r-2"))[0]).isEqualTo((byte) 0xC3);
        }
        assertThat(SchemaRegistry.current()).as("the last handle closed: single-object again").isNull();
    }

    @Test
    void aSchemaTheRegistrysBackwardRuleRefusesStopsTheWriter() throws Exception {
        Schema current = EditFailed.getClassSchema();
        SchemaRegistry client = new SchemaRegistry(registry.url());
        int v1 = client.idFor("evolving-value", current);
        // a new field with a default: new readers can read old records (BACKWARD) and it gets a new id
        Schema added = SchemaBuilder.record("EditFailed").namespace("io.editstream.events").fields()
                .name("requestId").type().stringType().noDefault()
                .name("note").type().stringType().stringDefault("").endRecord();
        Schema required = SchemaBuilder.record("EditFailed").namespace("io.editstream.events").fields()
                .name("requestId").type().stringType().noDefault()
                .name("priority").type().intType().noDefault().endRecord();
        SchemaRegistry other = new SchemaRegistry(registry.url());
        int v2 = other.idFor("evolving-value", added);
        assertThat(v2).isNotEqualTo(v1);
        // a new field without a default: old records cannot be read with it, so the registry refuses it
        assertThatThrownBy(() -> other.idFor("evolving-value", required)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused to register the schema of evolving-value (409)").hasMessageContaining("incompatible");
        assertThat(registry.subjects().get("evolving-value")).containsExactly(v1, v2);
        // the same schema again gets its id back
        assertThat(new SchemaRegistry(registry.url()).idFor("evolving-value", current)).isEqualTo(v1);
    }

    @Test
    void aConfluentRecordWithoutARegistryOrWithAForgedBodyIsABadRecordNotACrash() throws Exception {
        AvroSerde<EditFailed> serde = Topics.failed(Topics.REASONER).serde();
        byte[] framed;
        try (AutoCloseable handle = SchemaRegistry.activate(registry.url())) {
            framed = serde.encode(failed("r-1"));
            byte[] forged = framed.clone();
            forged[5] = (byte) 0xFE;   // the first string's length: far past the record's end
            forged[6] = (byte) 0xFF;
            forged[7] = (byte) 0xFF;
            forged[8] = (byte) 0x0F;
            assertThatThrownBy(() -> serde.decode(forged)).isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
            byte[] unknown = framed.clone();
            unknown[4] = 99;
            assertThatThrownBy(() -> serde.decode(unknown)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("schema id").hasMessageContaining("404");
        }
        assertThatThrownBy(() -> serde.decode(framed)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Confluent wire format").hasMessageContaining("kafka.schemaRegistry.url");
    }
}
