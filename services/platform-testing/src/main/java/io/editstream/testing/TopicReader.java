package io.editstream.testing;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a results consumer would (read_committed, fresh group) until
 * the records seen satisfy a condition, or fails with what was seen when the time runs out.
 */
public final class TopicReader {
    private TopicReader() {
    }

    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readUntil(
            KafkaSettings kafka, Topic<V> topic, Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        var serde = topic.serde();
        for (ConsumerRecord<String, byte[]> raw : read(kafka, topic.name(), raw -> {
            List<ConsumerRecord<String, V>> decoded = raw.stream().map(r -> decode(r, serde)).toList();
            return done.test(decoded);
        }, timeout)) {
            seen.add(decode(raw, serde));
        }
        return seen;
    }

    /** The raw records (headers included), for dead-letter topics. */
    public static List<ConsumerRecord<String, byte[]>> readRaw(KafkaSettings kafka, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return read(kafka, topic, done, timeout);
    }

    private static List<ConsumerRecord<String, byte[]>> read(KafkaSettings kafka, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties props = kafka.base();
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("condition on topic " + topic + " not met within " + timeout.toSeconds() + " s; saw "
                + seen.size() + " records with keys " + seen.stream().map(ConsumerRecord::key).toList());
    }

    private static <V extends SpecificRecord> ConsumerRecord<String, V> decode(ConsumerRecord<String, byte[]> r,
            io.editstream.kafka.AvroSerde<V> serde) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), r.key(), serde.decode(r.value()), r.headers(), r.leaderEpoch());
    }
}
