package io.editstream.kafka;

import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic with its value type. Keys are always the request id (a UTF-8 string), so every
 * stage's topics are co-partitioned and joins need no repartitioning.
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> type) {

    /**
     * A fresh serde for this topic's values; serdes are cheap and hold no shared state. It writes the Confluent wire
     * format under this topic's subject while a schema registry is active, and reads both encodings always.
     */
    public AvroSerde<V> serde() {
        return new AvroSerde<>(type, SchemaRegistry.subject(name));
    }
}
