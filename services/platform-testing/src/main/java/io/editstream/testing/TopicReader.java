package io.editstream.testing;

import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a results consumer would (read_committed, a fresh group each
 * call) until the records seen satisfy a condition; when time runs out it fails with what it saw, so
 * a test never waits forever nor passes on uncommitted output.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /** Decoded records of an event topic, in poll order. */
    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readUntil(
            KafkaSettings kafka, Topic<V> topic, Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        AvroSerde<V> serde = topic.serde();
        return read(kafka, topic.name(), r -> decode(r, serde), done, timeout);
    }

    /** The first committed event keyed {@code key} on {@code topic}, waiting for it up to {@code timeout}. */
    public static <V extends SpecificRecord> V awaitValue(KafkaSettings kafka, Topic<V> topic, String key, Duration timeout) {
        return readUntil(kafka, topic, seen -> seen.stream().anyMatch(r -> key.equals(r.key())), timeout)
                .stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow().value();
    }

    /** A header's value as text, or null when the record has none of that name. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The raw records (headers included), for dead-letter topics whose values may not decode. */
    public static List<ConsumerRecord<String, byte[]>> readRaw(KafkaSettings kafka, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return read(kafka, topic, Function.identity(), done, timeout);
    }

    private static <T> List<ConsumerRecord<String, T>> read(KafkaSettings kafka, String topic,
            Function<ConsumerRecord<String, byte[]>, ConsumerRecord<String, T>> decoder,
            Predicate<List<ConsumerRecord<String, T>>> done, Duration timeout) {
        Properties props = kafka.base();
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, T>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            do {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(decoder.apply(r)));
                if (done.test(Collections.unmodifiableList(seen))) {
                    return seen;
                }
            } while (System.nanoTime() < deadline);
        }
        throw new AssertionError("condition on topic " + topic + " not met within " + timeout.toMillis() + " ms; saw "
                + seen.size() + " committed records with keys " + seen.stream().map(ConsumerRecord::key).toList());
    }

    private static <V extends SpecificRecord> ConsumerRecord<String, V> decode(ConsumerRecord<String, byte[]> r,
            AvroSerde<V> serde) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), r.key(),
                r.value() == null ? null : serde.decode(r.value()), r.headers(),
                r.leaderEpoch());
    }
}
