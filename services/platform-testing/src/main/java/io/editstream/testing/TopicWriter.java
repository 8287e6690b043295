package io.editstream.testing;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes an event as an upstream stage would (key = request id, Avro single-object encoding), and waits for the ack. */
public final class TopicWriter {
    private TopicWriter() {
    }

    public static <V extends SpecificRecord> void publish(KafkaSettings kafka, Topic<V> topic, String key, V value) {
        publishRaw(kafka, topic.name(), key, topic.serde().encode(value));
    }

    /** Any bytes as a record value, e.g. a poison record no schema decodes. */
    public static void publishRaw(KafkaSettings kafka, String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.base(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }
}
