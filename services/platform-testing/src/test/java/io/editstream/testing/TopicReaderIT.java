package io.editstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.EditFailed;
import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The reader sees committed records only, decodes them with the topic's serde and keeps headers. */
class TopicReaderIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void readsCommittedEventsDecodedAndSkipsAbortedOnes() {
        KafkaSettings kafka = TestInfra.kafkaSettings();
        Topic<EditFailed> topic = new Topic<>("reader-" + UUID.randomUUID(), EditFailed.class);
        AvroSerde<EditFailed> serde = topic.serde();
        try (KafkaProducer<String, byte[]> producer = transactional(kafka)) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "r-aborted", serde.encode(failed("r-aborted"))));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "r-1", serde.encode(failed("r-1"))));
            producer.commitTransaction();
        }
        var records = TopicReader.readUntil(kafka, topic, seen -> !seen.isEmpty(), WAIT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("r-1");
        assertThat(records.get(0).value().getReason()).isEqualTo("reason of r-1");
    }

    @Test
    void rawReadsKeepTheHeaders() {
        KafkaSettings kafka = TestInfra.kafkaSettings();
        String topic = "reader-raw-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = transactional(kafka)) {
            producer.beginTransaction();
            var record = new ProducerRecord<>(topic, "r-2", "not avro".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dlq.cause", "undecodable".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.commitTransaction();
        }
        var records = TopicReader.readRaw(kafka, topic, seen -> seen.size() == 1, WAIT);
        assertThat(new String(records.get(0).headers().lastHeader("dlq.cause").value(), StandardCharsets.UTF_8))
                .isEqualTo("undecodable");
    }

    @Test
    void anUnmetConditionFailsWithWhatWasSeen() {
        KafkaSettings kafka = TestInfra.kafkaSettings();
        String topic = "reader-empty-" + UUID.randomUUID();
        TestInfra.kafka().createTopics(List.of(topic), 1);
        assertThatThrownBy(() -> TopicReader.readRaw(kafka, topic, seen -> false, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(topic).hasMessageContaining("saw 0");
    }

    private static KafkaProducer<String, byte[]> transactional(KafkaSettings kafka) {
        Properties props = kafka.base();
        props.put("transactional.id", "reader-it-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static EditFailed failed(String requestId) {
        return EditFailed.newBuilder().setEventId("ev-" + requestId).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setStage("test").setReason("reason of " + requestId).build();
    }
}
