package io.editstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on a data folder is persistent: started again on the same folder it keeps its cluster, its port,
 * its topics, their records and the consumer groups' committed offsets, as an installed broker would.
 */
class EmbeddedKafkaRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void restartingOnTheSameFolderResumesTopicsOffsetsAndPort() throws Exception {
        String clusterId;
        int port;
        try (EmbeddedKafka first = EmbeddedKafka.start(dataDir)) {
            assertThat(first.formattedNewStorage()).isTrue();
            clusterId = first.clusterId();
            port = first.port();
            first.createTopics(List.of("kept"), 2);
            Properties props = new Properties();
            props.put("bootstrap.servers", first.bootstrapServers());
            props.put("transactional.id", "restart-it");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("kept", "k" + i, "v" + i));
                }
                producer.commitTransaction();
            }
            try (Admin admin = first.admin()) {
                admin.alterConsumerGroupOffsets("reader", Map.of(new TopicPartition("kept", 0), new OffsetAndMetadata(1))).all().get();
            }
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(dataDir)) {
            assertThat(second.formattedNewStorage()).isFalse();
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(second.port()).as("port 0 keeps the port of the first start").isEqualTo(port);
            try (Admin admin = second.admin()) {
                assertThat(admin.listTopics().names().get()).contains("kept");
                assertThat(admin.listConsumerGroupOffsets("reader").partitionsToOffsetAndMetadata().get())
                        .containsEntry(new TopicPartition("kept", 0), new OffsetAndMetadata(1));
            }
            assertThat(readAll(second, "kept", 5)).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4");
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir))
                    .as("a second broker on a folder in use")
                    .hasMessageContaining("in use");
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "check-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
